using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>The forms that close a training week: assessments, then the closing report that starts certification.</summary>
public static class ResultEndpoints
{
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
    public static async Task<IResult> SubmitAssessmentsAsync(string id, Caller caller, HttpRequest request, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (ProgrammeAccess.RequireStage(id, ProgrammeAccess.EffectiveStage(programme!, DateText.TodayInWib(time)), "assessments", "penilaian", ProgrammeStage.InTraining, ProgrammeStage.AwaitingClosingReport) is { } wrongStage)
        {
            return wrongStage;
        }

        (var body, problem) = await FormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var enrolled = (await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == "Enrolled").Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var form = FormReader.For(body!.Data);
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

        var result = await ProgrammeEndpoints.CommitAsync(store, programme!, programme!.StageValue, [.. results.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))], time, cancellationToken).ConfigureAwait(false);
        return result is Ok<ProgrammeView>
            ? TypedResults.Ok(results.Select(r => new AssessmentView(r.ParticipantId, r.Passed, r.Score, r.Remarks)).ToList())
            : result;
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/closing-report</c> (coordinators, the facility): the closing of the week, from its
    /// last day on. The programme moves to certification.
    /// </summary>
    public static async Task<IResult> SubmitClosingReportAsync(string id, Caller caller, HttpRequest request, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(signals);
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!ProgrammeAccess.IsCoordinatorOrFacility(caller, programme!))
        {
            return FormProblems.Forbidden("submit the closing report of this programme (its coordinators and facility do)", "mengirim laporan penutupan program ini (dilakukan koordinator dan lembaganya)");
        }

        var today = DateText.TodayInWib(time);
        var stage = ProgrammeAccess.EffectiveStage(programme!, today);
        var lastDay = stage == ProgrammeStage.InTraining && today == DateText.Parse(programme!.EndDate!);
        if (!lastDay && ProgrammeAccess.RequireStage(id, stage, "the closing report", "laporan penutupan", ProgrammeStage.AwaitingClosingReport) is { } wrongStage)
        {
            return wrongStage;
        }

        (var body, problem) = await FormBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body!.Data);
        var summary = form.Text("summary", maxLength: 4000);
        var recommendation = form.Text("recommendation", required: false, maxLength: 2000);
        var closedOn = form.Date("closedOn");
        var assessments = await ProgrammeQueries.AssessmentsAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (programme!.RequirePassedAssessment && assessments.Count == 0)
        {
            form.Fail("assessments", "No assessment is recorded; certificates need passed assessments, so submit them first.", "Belum ada penilaian tercatat; sertifikat memerlukan penilaian lulus, jadi kirim penilaian terlebih dahulu.");
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
        return await ProgrammeEndpoints.CommitAndSignalAsync(store, programme, ProgrammeStage.Certifying, [new TableTransactionAction(TableTransactionActionType.Add, closing)], time, signals, cancellationToken).ConfigureAwait(false);
    }
}
