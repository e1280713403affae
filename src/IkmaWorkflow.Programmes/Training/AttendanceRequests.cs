using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>Recording daily attendance during the training week, and reading it back.</summary>
public static class AttendanceRequests
{
    private static readonly ProgrammeForm Form = new("attendance", "kehadiran", ProgrammeSenders.TakingPart, [ProgrammeStage.InTraining, ProgrammeStage.AwaitingClosingReport]);

    /// <summary>One day's attendance.</summary>
    /// <param name="Date">The day.</param>
    /// <param name="Present">Participant ids present.</param>
    /// <param name="Absent">Enrolled participant ids absent.</param>
    public sealed record AttendanceView(string Date, IReadOnlyList<string> Present, IReadOnlyList<string> Absent);

    /// <summary>
    /// <c>POST /api/programmes/{id}/attendance</c> (coordinators, the facility, partners): who was present on a
    /// training day. Sending a day again replaces it (a correction); days after today are refused.
    /// </summary>
    public static async Task<Outcome> RecordAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Form, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body.Data);
        var date = form.Date("date");
        var present = form.TextList("present", required: false, maxItems: 99, maxLength: 20);
        var participants = (await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == "Enrolled").ToList();
        var enrolled = participants.Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var start = DateText.Parse(programme!.StartDate!);
        var end = DateText.Parse(programme.EndDate!);
        if (date is not null && (date < start || date > end))
        {
            form.Fail("date", $"Must be a training day, {programme.StartDate} to {programme.EndDate}.", $"Harus hari pelatihan, {programme.StartDate} sampai {programme.EndDate}.");
        }
        else if (date > today)
        {
            form.Fail("date", $"Attendance of {DateText.Of(date.Value)} cannot be recorded before the day (today is {DateText.Of(today)} WIB).", $"Kehadiran {DateText.Of(date.Value)} belum dapat dicatat sebelum harinya (hari ini {DateText.Of(today)} WIB).");
        }

        foreach (var (participant, index) in present.Select((p, i) => (p, i)).Where(x => !enrolled.Contains(x.p)))
        {
            form.Fail($"present[{index}]", $"'{participant}' is not a participant enrolled in this programme.", $"'{participant}' bukan peserta yang terdaftar di program ini.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var day = new AttendanceEntity
        {
            PartitionKey = id,
            RowKey = AttendanceEntity.Prefix + DateText.Of(date!.Value),
            Present = string.Join(',', present),
            RecordedBy = caller.OrganisationId,
            RecordedAt = time.GetUtcNow(),
        };
        var result = await ProgrammeRequests.CommitAsync(store, programme, programme.StageValue, [new TableTransactionAction(TableTransactionActionType.UpsertReplace, day)], time, cancellationToken).ConfigureAwait(false);
        return result is Outcome.Done
            ? new Outcome.Done(new AttendanceView(DateText.Of(date.Value), present, [.. enrolled.Except(present, StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            : result;
    }

    /// <summary><c>GET /api/programmes/{id}/attendance</c>: every recorded day.</summary>
    public static async Task<Outcome> ListAsync(string id, Caller caller, RecordStore store, CancellationToken cancellationToken)
    {
        var (_, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var enrolled = (await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == "Enrolled").Select(p => p.ParticipantId).ToList();
        var days = await ProgrammeQueries.AttendanceAsync(store, id, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(days.Select(d =>
        {
            var present = d.Present.Split(',', StringSplitOptions.RemoveEmptyEntries);
            return new AttendanceView(d.Day, present, [.. enrolled.Except(present, StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        }).ToList());
    }
}
