using System.Globalization;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace IkmaWorkflow.Programmes.Reports;

/// <summary>Reports on programmes and on follow-up outcomes, as JSON or as CSV (docs/reports.md).</summary>
public static class ReportEndpoints
{
    private const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// <c>GET /api/programmes/{id}/report</c> (anyone taking part): per track enrolment, attendance rate, assessment,
    /// certificates and the programme's documents; <c>?format=csv</c> (or <c>Accept: text/csv</c>) gives one row per participant.
    /// </summary>
    public static async Task<IResult> ProgrammeAsync(string id, Caller caller, HttpRequest request, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (WantsCsv(request) is not { } csv)
        {
            return BadFormat();
        }

        var report = await ProgrammeReport.BuildAsync(store, programme!, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        return csv
            ? TypedResults.File(report.ToCsv().ToUtf8WithBom(), CsvContentType, $"programme-{id}-report.csv")
            : TypedResults.Ok(report);
    }

    /// <summary>
    /// <c>GET /api/reports/outcomes</c> (coordinators): follow-up outcomes across programmes by cohort (programme year,
    /// with <c>byFacility=true</c> also facility) × checkpoint; filters <c>year</c> and <c>facilityId</c>; <c>?format=csv</c> too.
    /// </summary>
    public static async Task<IResult> OutcomesAsync(Caller caller, HttpRequest request, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("read follow-up outcomes across programmes (coordinators do)", "membaca hasil pemantauan lintas program (dilakukan koordinator)");
        }

        if (WantsCsv(request) is not { } csv)
        {
            return BadFormat();
        }

        int? year = null;
        if (request.Query["year"].ToString() is { Length: > 0 } yearText)
        {
            if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100)
            {
                return FormProblems.Invalid("year", $"'{yearText}' is not a year from 2000 to 2100.", $"'{yearText}' bukan tahun antara 2000 dan 2100.");
            }

            year = y;
        }

        var facilityId = request.Query["facilityId"].ToString() is { Length: > 0 } f ? f : null;
        bool byFacility = false;
        if (request.Query["byFacility"].ToString() is { Length: > 0 } byText && !bool.TryParse(byText, out byFacility))
        {
            return FormProblems.Invalid("byFacility", $"'{byText}' is neither true nor false.", $"'{byText}' bukan true atau false.");
        }

        var report = await OutcomeReport.BuildAsync(store, year, facilityId, byFacility, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        return csv
            ? TypedResults.File(report.ToCsv().ToUtf8WithBom(), CsvContentType, $"follow-up-outcomes-{report.AsOf}.csv")
            : TypedResults.Ok(report);
    }

    // ?format= decides; without it, an Accept header naming text/csv asks for CSV. Null: an unknown format.
    private static bool? WantsCsv(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format.ToUpperInvariant() switch
            {
                "CSV" => true,
                "JSON" => false,
                _ => null,
            };
        }

        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
    }

    private static ProblemHttpResult BadFormat() =>
        FormProblems.Invalid("format", "Use format=json or format=csv.", "Gunakan format=json atau format=csv.");
}
