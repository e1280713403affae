using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>Loads a programme for a caller and judges its stage against the clock.</summary>
internal static class ProgrammeAccess
{
    /// <summary>
    /// Whether <paramref name="caller"/> is a coordinator or the programme's facility: the organisations that plan and
    /// enrol, and the only ones that see participants' names.
    /// </summary>
    public static bool IsCoordinatorOrFacility(Caller caller, ProgrammeEntity programme) =>
        caller.IsCoordinator || caller.OrganisationId == programme.FacilityId;

    /// <summary>The programme, or 404 when it does not exist or the caller's organisation takes no part in it.</summary>
    public static async Task<(ProgrammeEntity? Programme, ProblemHttpResult? Problem)> LoadAsync(RecordStore store, Caller caller, string programmeId, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || !(caller.IsCoordinator || found.Value!.Participants().Contains(caller.OrganisationId)))
        {
            // The same answer for "absent" and "not yours", so a partner cannot probe for other programmes.
            return (null, FormProblems.NotFound("programme", "program", programmeId));
        }

        return (found.Value, null);
    }

    /// <summary>
    /// The stage as of <paramref name="today"/> (WIB): the training week's dates move a scheduled programme into
    /// training and a finished week into waiting for the closing report, whether or not anything recorded it yet.
    /// </summary>
    public static ProgrammeStage EffectiveStage(ProgrammeEntity programme, DateOnly today)
    {
        var stage = programme.StageValue;
        if (programme.StartDate is null || programme.EndDate is null)
        {
            return stage;
        }

        var start = DateText.Parse(programme.StartDate);
        var end = DateText.Parse(programme.EndDate);
        if (stage is ProgrammeStage.Enrolling or ProgrammeStage.Scheduled && today >= start)
        {
            stage = ProgrammeStage.InTraining;
        }

        return stage == ProgrammeStage.InTraining && today > end ? ProgrammeStage.AwaitingClosingReport : stage;
    }

    /// <summary>409 unless <paramref name="stage"/> is one of <paramref name="accepted"/>.</summary>
    public static ProblemHttpResult? RequireStage(string programmeId, ProgrammeStage stage, string formEnglish, string formIndonesian, params ProgrammeStage[] accepted)
    {
        if (accepted.Contains(stage))
        {
            return null;
        }

        var (english, indonesian) = ProgrammeStageText.Expects(stage);
        return FormProblems.WrongStage(programmeId, stage.ToString(), english, indonesian, formEnglish, formIndonesian);
    }
}
