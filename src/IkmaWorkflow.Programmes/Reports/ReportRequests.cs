using System.Globalization;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Reports;

/// <summary>Reports on programmes and on follow-up outcomes, as JSON or as CSV (docs/reports.md).</summary>
public static class ReportRequests
{
    private const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// <c>GET /api/programmes/{id}/report</c> (anyone taking part): per track enrolment, attendance rate, assessment,
    /// certificates and the programme's documents; <paramref name="format"/> <c>csv</c> gives one row per participant.
    /// </summary>
    public static async Task<Outcome> ProgrammeAsync(string id, Caller caller, string format, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (WantsCsv(format) is not { } csv)
        {
            return BadFormat();
        }

        var report = await ProgrammeReport.BuildAsync(store, programme!, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        return csv
            ? new Outcome.File(report.ToCsv().ToUtf8WithBom(), CsvContentType, $"programme-{id}-report.csv")
            : new Outcome.Done(report);
    }

    /// <summary>
    /// <c>GET /api/reports/outcomes</c> (coordinators): follow-up outcomes across programmes by cohort (programme year,
    /// with <paramref name="byFacility"/> <c>true</c> also facility) × checkpoint; filters <paramref name="year"/> and
    /// <paramref name="facilityId"/>; <paramref name="format"/> <c>json</c> or <c>csv</c>. Filters come as sent: empty
    /// means not given, anything unreadable is refused naming the parameter.
    /// </summary>
    public static async Task<Outcome> OutcomesAsync(
        Caller caller, string format, string? year, string? facilityId, string? byFacility, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("read follow-up outcomes across programmes (coordinators do)", "membaca hasil pemantauan lintas program (dilakukan koordinator)");
        }

        if (WantsCsv(format) is not { } csv)
        {
            return BadFormat();
        }

        int? cohortYear = null;
        if (!string.IsNullOrEmpty(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100)
            {
                return FormProblems.Invalid("year", $"'{year}' is not a year from 2000 to 2100.", $"'{year}' bukan tahun antara 2000 dan 2100.");
            }

            cohortYear = y;
        }

        bool perFacility = false;
        if (!string.IsNullOrEmpty(byFacility) && !bool.TryParse(byFacility, out perFacility))
        {
            return FormProblems.Invalid("byFacility", $"'{byFacility}' is neither true nor false.", $"'{byFacility}' bukan true atau false.");
        }

        var report = await OutcomeReport.BuildAsync(
            store, cohortYear, string.IsNullOrEmpty(facilityId) ? null : facilityId, perFacility, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        return csv
            ? new Outcome.File(report.ToCsv().ToUtf8WithBom(), CsvContentType, $"follow-up-outcomes-{report.AsOf}.csv")
            : new Outcome.Done(report);
    }

    // Null: a format this report does not come in.
    private static bool? WantsCsv(string format) => format.ToUpperInvariant() switch
    {
        "CSV" => true,
        "JSON" => false,
        _ => null,
    };

    private static Problem BadFormat() =>
        FormProblems.Invalid("format", "Use format=json or format=csv.", "Gunakan format=json atau format=csv.");
}
