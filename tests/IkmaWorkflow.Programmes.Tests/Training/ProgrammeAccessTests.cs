using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Training;

/// <summary>
/// <see cref="ProgrammeAccess.OpenFormAsync"/>, the one check before every programme form, on a private Azurite:
/// 404 for a programme that is absent or not the caller's, 403 for a sender the form excludes, 409 for a stage that
/// does not take it.
/// </summary>
public sealed class ProgrammeAccessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Coordinator = new("unit-1", OrganisationKind.MinistryUnit);
    private static readonly Caller Facility = new("lapas-1", OrganisationKind.Facility);
    private static readonly Caller Foundation = new("ybi", OrganisationKind.Foundation);
    private static readonly Caller Probation = new("bapas-1", OrganisationKind.ProbationOffice);
    private static readonly Caller OtherFacility = new("lapas-2", OrganisationKind.Facility);

    private static readonly ProgrammeForm Plan = new("a plan", "rencana program", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.AwaitingPlan]);
    private static readonly ProgrammeForm Release = new("release reports", "laporan pembebasan", ProgrammeSenders.CoordinatorsFacilityAndProbation, [ProgrammeStage.FollowUp]);
    private static readonly ProgrammeForm Letter = new("an activity letter", "surat pelaksanaan kegiatan", ProgrammeSenders.Coordinators, []);
    private static readonly ProgrammeForm Attendance = new("attendance", "kehadiran", ProgrammeSenders.TakingPart, [ProgrammeStage.InTraining]);
    private static readonly ProgrammeForm ClosingReport = new(
        "the closing report", "laporan penutupan", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.AwaitingClosingReport], OnLastTrainingDay: true);

    private static readonly DateOnly Today = new(2023, 6, 20);

    [Fact]
    public async Task OpenFormAsync_NoSuchProgramme_NotFound()
    {
        var store = await CreateAsync(ProgrammeStage.AwaitingPlan);

        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, Coordinator, "prg-absent", Plan, Today, CancellationToken.None);

        Assert.Null(programme);
        Assert.Equal((ProblemKind.NotFound, "not-found"), (problem!.Kind, problem.Name));
    }

    [Fact]
    public async Task OpenFormAsync_OrganisationTakingNoPart_TheSameNotFoundAsAbsent()
    {
        var store = await CreateAsync(ProgrammeStage.AwaitingPlan);

        var (_, notYours) = await ProgrammeAccess.OpenFormAsync(store, OtherFacility, "prg-1", Plan, Today, CancellationToken.None);
        var (_, absent) = await ProgrammeAccess.OpenFormAsync(store, OtherFacility, "prg-absent", Plan, Today, CancellationToken.None);

        Assert.Equal((ProblemKind.NotFound, "not-found"), (notYours!.Kind, notYours.Name));
        Assert.Equal(absent!.Title, notYours.Title);
    }

    [Theory]
    [InlineData("coordinator", "plan", true)]
    [InlineData("facility", "plan", true)]
    [InlineData("foundation", "plan", false)]
    [InlineData("probation", "plan", false)]
    [InlineData("probation", "release", true)]
    [InlineData("foundation", "release", false)]
    [InlineData("facility", "letter", false)]
    [InlineData("coordinator", "letter", true)]
    [InlineData("foundation", "attendance", true)]
    public async Task OpenFormAsync_Senders_ForbiddenUnlessTheFormNamesThem(string who, string formName, bool allowed)
    {
        var caller = who switch { "coordinator" => Coordinator, "facility" => Facility, "foundation" => Foundation, _ => Probation };
        var form = formName switch { "plan" => Plan, "release" => Release, "letter" => Letter, _ => Attendance };
        var store = await CreateAsync(form.Stages.Length > 0 ? form.Stages[0] : ProgrammeStage.AwaitingPlan);

        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, "prg-1", form, Today, CancellationToken.None);

        if (allowed)
        {
            Assert.Null(problem);
            Assert.Equal("prg-1", programme!.PartitionKey);
        }
        else
        {
            Assert.Equal((ProblemKind.Forbidden, "forbidden"), (problem!.Kind, problem.Name));
            Assert.Contains(form.English, problem.Detail, StringComparison.Ordinal);
            Assert.Contains(form.Indonesian, problem.DetailIndonesian, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenFormAsync_StageThatDoesNotTakeTheForm_ConflictNamingStageAndForm()
    {
        var store = await CreateAsync(ProgrammeStage.Enrolling);

        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, Coordinator, "prg-1", Plan, Today, CancellationToken.None);

        Assert.Null(programme);
        Assert.Equal((ProblemKind.Conflict, "wrong-stage"), (problem!.Kind, problem.Name));
        Assert.Contains(KeyValuePair.Create<string, object?>("stage", "Enrolling"), problem.Members);
        Assert.Contains("a plan", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenFormAsync_ForbiddenBeforeWrongStage()
    {
        var store = await CreateAsync(ProgrammeStage.Enrolling);

        var (_, problem) = await ProgrammeAccess.OpenFormAsync(store, Foundation, "prg-1", Plan, Today, CancellationToken.None);

        Assert.Equal(ProblemKind.Forbidden, problem!.Kind);
    }

    [Theory]
    [InlineData("2023-06-24", false)] // a training day before the last
    [InlineData("2023-06-25", true)] // the last training day
    public async Task OpenFormAsync_OnLastTrainingDay_TakenOnTheLastDayOnly(string today, bool taken)
    {
        var store = await CreateAsync(ProgrammeStage.InTraining, start: "2023-06-19", end: "2023-06-25");

        var (_, problem) = await ProgrammeAccess.OpenFormAsync(store, Facility, "prg-1", ClosingReport, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        Assert.Equal(taken, problem is null);
        Assert.True(taken || problem!.Kind == ProblemKind.Conflict);
    }

    [Fact]
    public async Task OpenFormAsync_TrainingWeekOver_EffectiveStageTakesTheClosingReport()
    {
        // Recorded as in training; the day after the week it awaits the closing report, whether or not anything wrote that.
        var store = await CreateAsync(ProgrammeStage.InTraining, start: "2023-06-19", end: "2023-06-25");

        var (_, afterWeek) = await ProgrammeAccess.OpenFormAsync(store, Facility, "prg-1", ClosingReport, new DateOnly(2023, 6, 26), CancellationToken.None);
        var (_, attendanceAfterWeek) = await ProgrammeAccess.OpenFormAsync(store, Facility, "prg-1", Attendance, new DateOnly(2023, 6, 26), CancellationToken.None);

        Assert.Null(afterWeek);
        Assert.Equal(ProblemKind.Conflict, attendanceAfterWeek!.Kind);
    }

    [Fact]
    public void DomainAssembly_ReferencesNoAspNetCore()
    {
        var references = typeof(ProgrammeAccess).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Azure.Data.Tables", references);
    }

    private async Task<RecordStore> CreateAsync(ProgrammeStage stage, string? start = null, string? end = null)
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), UniqueName.ForTable("acc"));
        await store.EnsureCreatedAsync(CancellationToken.None);
        await store.Programmes.AddEntityAsync(new ProgrammeEntity
        {
            PartitionKey = "prg-1",
            Title = "Pelatihan Batik",
            FacilityId = Facility.OrganisationId,
            CoordinatorUnitId = Coordinator.OrganisationId,
            PartnerIds = Foundation.OrganisationId,
            ProbationOfficeId = Probation.OrganisationId,
            Stage = stage.ToString(),
            StartDate = start,
            EndDate = end,
            Year = 2023,
        });
        return store;
    }
}
