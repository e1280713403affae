using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>Who may send a <see cref="ProgrammeForm"/>.</summary>
internal enum ProgrammeSenders
{
    /// <summary>Every organisation taking part in the programme.</summary>
    TakingPart,

    /// <summary>Coordinators only.</summary>
    Coordinators,

    /// <summary>Coordinators and the programme's facility.</summary>
    CoordinatorsAndFacility,

    /// <summary>Coordinators, the programme's facility and its probation office.</summary>
    CoordinatorsFacilityAndProbation,
}

/// <summary>
/// A form about one programme: what it is called (as "Your organisation may not send …" and "does not take … now"
/// say it), who may send it, and the stages that take it (<paramref name="Stages"/> empty: every stage). A form with
/// <paramref name="OnLastTrainingDay"/> is taken on the training week's last day as well.
/// </summary>
/// <param name="English">The form's name in English.</param>
/// <param name="Indonesian">The form's name in Indonesian.</param>
/// <param name="Senders">Who may send it.</param>
/// <param name="Stages">The stages that take it.</param>
/// <param name="OnLastTrainingDay">Whether the last training day takes it too.</param>
internal sealed record ProgrammeForm(string English, string Indonesian, ProgrammeSenders Senders, ProgrammeStage[] Stages, bool OnLastTrainingDay = false);

/// <summary>Loads a programme for a caller and judges its stage against the clock.</summary>
internal static class ProgrammeAccess
{
    /// <summary>
    /// The one check before every form about a programme: 404 when the programme does not exist or the caller's
    /// organisation takes no part in it, 403 when the organisation may not send <paramref name="form"/>, 409 when the
    /// programme's stage on <paramref name="today"/> (WIB) does not take it.
    /// </summary>
    public static async Task<(ProgrammeEntity? Programme, Problem? Problem)> OpenFormAsync(
        RecordStore store, Caller caller, string programmeId, ProgrammeForm form, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (programme, problem) = await LoadAsync(store, caller, programmeId, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (!MaySend(caller, programme!, form.Senders))
        {
            var (who, siapa) = form.Senders switch
            {
                ProgrammeSenders.Coordinators => ("coordinators do", "dilakukan koordinator"),
                ProgrammeSenders.CoordinatorsAndFacility => ("its coordinators and facility do", "dilakukan koordinator dan lembaganya"),
                _ => ("its coordinators, facility and probation office do", "dilakukan koordinator, lembaga, dan Bapas program"),
            };
            return (null, FormProblems.Forbidden($"send {form.English} for this programme ({who})", $"mengirim {form.Indonesian} untuk program ini ({siapa})"));
        }

        var stage = EffectiveStage(programme!, today);
        var lastDay = form.OnLastTrainingDay && stage == ProgrammeStage.InTraining && today == DateText.Parse(programme!.EndDate!);
        if (form.Stages.Length > 0 && !lastDay && RequireStage(programmeId, stage, form.English, form.Indonesian, form.Stages) is { } wrongStage)
        {
            return (null, wrongStage);
        }

        return (programme, null);
    }

    /// <summary>
    /// Whether <paramref name="caller"/> is a coordinator or the programme's facility: the organisations that plan and
    /// enrol, and the only ones that see participants' names.
    /// </summary>
    public static bool IsCoordinatorOrFacility(Caller caller, ProgrammeEntity programme) =>
        caller.IsCoordinator || caller.OrganisationId == programme.FacilityId;

    private static bool MaySend(Caller caller, ProgrammeEntity programme, ProgrammeSenders senders) => caller.IsCoordinator || senders switch
    {
        ProgrammeSenders.TakingPart => true,
        ProgrammeSenders.CoordinatorsAndFacility => caller.OrganisationId == programme.FacilityId,
        ProgrammeSenders.CoordinatorsFacilityAndProbation => caller.OrganisationId == programme.FacilityId || caller.OrganisationId == programme.ProbationOfficeId,
        _ => false,
    };

    /// <summary>
    /// The programme, or 404 when it does not exist or the caller's organisation takes no part in it; 400 when
    /// <paramref name="programmeId"/> (the route's <c>id</c>) cannot be an id at all.
    /// </summary>
    public static async Task<(ProgrammeEntity? Programme, Problem? Problem)> LoadAsync(RecordStore store, Caller caller, string programmeId, CancellationToken cancellationToken)
    {
        if (RecordKey.CheckRouteValue("id", programmeId) is { } notAnId)
        {
            return (null, notAnId);
        }

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

    // 409 unless the stage is one of those accepted.
    private static Problem? RequireStage(string programmeId, ProgrammeStage stage, string formEnglish, string formIndonesian, params ProgrammeStage[] accepted)
    {
        if (accepted.Contains(stage))
        {
            return null;
        }

        var (english, indonesian) = ProgrammeStageText.Expects(stage);
        return FormProblems.WrongStage(programmeId, stage.ToString(), english, indonesian, formEnglish, formIndonesian);
    }
}
