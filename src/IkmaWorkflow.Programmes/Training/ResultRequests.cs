using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>The forms that close a training week: assessments, then the closing report that starts certification.</summary>
public static class ResultRequests
{
    private static readonly ProgrammeForm ClosingReport = new(
        "the closing report", "laporan penutupan", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.AwaitingClosingReport], OnLastTrainingDay: true);

    private static readonly ProgrammeForm Assessments = new("assessments", "penilaian", ProgrammeSenders.TakingPart, [ProgrammeStage.InTraining, ProgrammeStage.AwaitingClosingReport]);

    /// <summary>One assessment as the API shows it.</summary>
    /// <param name="ParticipantId">The participant.</param>
    /// <param name="Passed">Whether they passed.</param>
    /// <param name="Score">The score, 0 to 100.</param>
    /// <param name="Remarks">Remarks.</param>
    public sealed record AssessmentView(string ParticipantId, bool Passed, int? Score, string? Remarks);

    /// <summary>
    /// <c>POST /api/programmes/{id}/assessments</c> (coordinators, the facility, partners): results for one or more
    /// participants; a later result for a participant replaces the earlier one.
    /// </summary>
    public static async Task<Outcome> SubmitAssessmentsAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Assessments, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var enrolled = (await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == "Enrolled").Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var form = FormReader.For(body.Data);
        var results = form.Objects("results", r =>
        {
            var participant = r.Text("participantId", maxLength: 20);
            if (participant is not null && !enrolled.Contains(participant))
            {
                r.Fail("participantId", $"'{participant}' is not a participant enrolled in this programme.", $"'{participant}' bukan peserta yang terdaftar di program ini.");
            }

            return new AssessmentEntity
            {
                PartitionKey = id,
                RowKey = AssessmentEntity.Prefix + participant,
                Passed = r.Boolean("passed") ?? false,
                Score = r.WholeNumber("score", 0, 100, required: false),
                Remarks = r.Text("remarks", required: false, maxLength: 500),
                AssessedBy = caller.OrganisationId,
                AssessedAt = now,
            };
        }, maxItems: 99);
        foreach (var twice in results.GroupBy(r => r.RowKey).Where(g => g.Count() > 1))
        {
            form.Fail("results", $"Participant '{twice.First().ParticipantId}' is assessed twice in one submission.", $"Peserta '{twice.First().ParticipantId}' dinilai dua kali dalam satu kiriman.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var result = await ProgrammeRequests.CommitAsync(store, programme!, programme!.StageValue, [.. results.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))], time, cancellationToken).ConfigureAwait(false);
        return result is Outcome.Done
            ? new Outcome.Done(results.Select(r => new AssessmentView(r.ParticipantId, r.Passed, r.Score, r.Remarks)).ToList())
            : result;
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/assessments</c> (coordinators and every organisation taking part, as the form): the
    /// result stored for each participant assessed (the latest one sent), by participant id.
    /// </summary>
    public static async Task<Outcome> ListAssessmentsAsync(string id, Caller caller, RecordStore store, CancellationToken cancellationToken)
    {
        var (_, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var assessments = await ProgrammeQueries.AssessmentsAsync(store, id, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(assessments.Select(a => new AssessmentView(a.ParticipantId, a.Passed, a.Score, a.Remarks)).OrderBy(a => a.ParticipantId, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/closing-report</c> (coordinators, the facility): the closing of the week, from its
    /// last day on, once attendance (someone present on a training day) and, where the programme asks for them,
    /// assessments are recorded. The programme moves to certification.
    /// </summary>
    public static async Task<Outcome> SubmitClosingReportAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(signals);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, ClosingReport, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body.Data);
        var summary = form.Text("summary", maxLength: 4000);
        var recommendation = form.Text("recommendation", required: false, maxLength: 2000);
        var closedOn = form.Date("closedOn");
        var assessments = await ProgrammeQueries.AssessmentsAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (programme!.RequirePassedAssessment && assessments.Count == 0)
        {
            form.Fail("assessments", "No assessment is recorded; certificates need passed assessments, so submit them first.", "Belum ada penilaian tercatat; sertifikat memerlukan penilaian lulus, jadi kirim penilaian terlebih dahulu.");
        }

        // A week closed without attendance would certify nobody and move on to follow-up with nothing to follow.
        var attendance = await ProgrammeQueries.AttendanceAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (!attendance.Any(day => day.Present.Length > 0))
        {
            var days = string.Join(", ", attendance.Select(day => day.Day));
            var (english, indonesian) = attendance.Count == 0
                ? ("no training day has an attendance record", "belum ada hari pelatihan yang kehadirannya dicatat")
                : ($"nobody is marked present on the days recorded ({days})", $"tidak ada peserta yang tercatat hadir pada hari yang dicatat ({days})");
            form.Fail(
                "attendance",
                $"No attendance is recorded: {english}. Certificates need attendance, so record the attendance of the training days first.",
                $"Belum ada kehadiran tercatat: {indonesian}. Sertifikat memerlukan kehadiran, jadi catat kehadiran hari-hari pelatihan terlebih dahulu.");
        }

        if (closedOn is not null && (closedOn < DateText.Parse(programme.EndDate!) || closedOn > today))
        {
            form.Fail("closedOn", $"Must be from the last training day ({programme.EndDate}) to today.", $"Harus dari hari pelatihan terakhir ({programme.EndDate}) sampai hari ini.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var closing = new ClosingReportEntity
        {
            PartitionKey = id,
            ClosedAt = new DateTimeOffset(closedOn!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)),
            Summary = summary!,
            Recommendation = recommendation,
            SubmittedBy = caller.OrganisationId,
            SubmittedAt = time.GetUtcNow(),
        };
        return await ProgrammeRequests.CommitAndSignalAsync(store, programme, ProgrammeStage.Certifying, [new TableTransactionAction(TableTransactionActionType.Add, closing)], time, signals, cancellationToken).ConfigureAwait(false);
    }
}
