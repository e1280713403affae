using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Tests.Orchestrations;

/// <summary>The stages a programme entered: stored by the forms with the stage, extended by the training calendar.</summary>
public sealed class StageHistoryTests
{
    private static readonly DateTimeOffset Opened = new(2024, 8, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2024, 8, 12);
    private static readonly DateOnly End = new(2024, 8, 16);

    [Fact]
    public void Enter_FormsInARow_KeepsEveryStageWithItsTime()
    {
        var programme = Opened_();

        StageHistory.Enter(programme, ProgrammeStage.AwaitingPlan, Opened.AddMinutes(1), Day(Opened));
        Plan(programme);
        StageHistory.Enter(programme, ProgrammeStage.Enrolling, Opened.AddMinutes(2), Day(Opened));
        StageHistory.Enter(programme, ProgrammeStage.Scheduled, Opened.AddMinutes(3), Day(Opened));

        Assert.Equal(
            [new(ProgrammeStage.AwaitingActivityLetter, Opened), new(ProgrammeStage.AwaitingPlan, Opened.AddMinutes(1)), new(ProgrammeStage.Enrolling, Opened.AddMinutes(2)), new(ProgrammeStage.Scheduled, Opened.AddMinutes(3))],
            StageHistory.Entered(programme, Day(Opened)));
        Assert.Equal(("Scheduled", Opened.AddMinutes(3)), (programme.Stage, programme.StageSince));
    }

    [Fact]
    public void Entered_CalendarPassedTheWeek_AddsTheWeekAndItsEndAtMidnightWib()
    {
        var programme = ScheduledProgramme();

        Assert.Equal(ProgrammeStage.Scheduled, StageHistory.Entered(programme, Start.AddDays(-1))[^1].Stage);
        Assert.Equal(new StageEntry(ProgrammeStage.InTraining, Wib(Start)), StageHistory.Entered(programme, End)[^1]);
        var after = StageHistory.Entered(programme, End.AddDays(1));
        Assert.Equal([new StageEntry(ProgrammeStage.InTraining, Wib(Start)), new StageEntry(ProgrammeStage.AwaitingClosingReport, Wib(End.AddDays(1)))], after[^2..]);
        Assert.Equal(6, after.Count);
    }

    [Fact]
    public void Enter_ClosingReportAfterTheWeek_StoresTheCalendarStagesBeforeIt()
    {
        var programme = ScheduledProgramme();
        var closed = Wib(End.AddDays(3)).AddHours(10);

        StageHistory.Enter(programme, ProgrammeStage.Certifying, closed, End.AddDays(3));

        Assert.Equal(
            [ProgrammeStage.AwaitingActivityLetter, ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling, ProgrammeStage.Scheduled, ProgrammeStage.InTraining, ProgrammeStage.AwaitingClosingReport, ProgrammeStage.Certifying],
            StageHistory.Entered(programme, End.AddDays(30)).Select(e => e.Stage));
    }

    [Fact]
    public void Enter_ClosingReportOnTheLastTrainingDay_NeverEnteredAwaitingClosingReport()
    {
        var programme = ScheduledProgramme();

        StageHistory.Enter(programme, ProgrammeStage.Certifying, Wib(End).AddHours(15), End);

        Assert.Equal([ProgrammeStage.Scheduled, ProgrammeStage.InTraining, ProgrammeStage.Certifying], StageHistory.Entered(programme, End.AddDays(30)).Select(e => e.Stage).TakeLast(3));
    }

    [Fact]
    public void Entered_EnrolmentNeverClosed_GoesFromEnrollingToTheWeek()
    {
        var programme = Opened_();
        StageHistory.Enter(programme, ProgrammeStage.AwaitingPlan, Opened, Day(Opened));
        Plan(programme);
        StageHistory.Enter(programme, ProgrammeStage.Enrolling, Opened, Day(Opened));

        Assert.Equal([ProgrammeStage.Enrolling, ProgrammeStage.InTraining], StageHistory.Entered(programme, Start).Select(e => e.Stage).TakeLast(2));
    }

    [Theory]
    [InlineData(null)]                                        // a row written before histories were kept
    [InlineData("AwaitingPlan@2024-08-01T01:00:00.0000000+00:00")] // a stage stored without its history
    [InlineData("Nonsense")]
    public void Entered_NoUsableHistory_IsTheStoredStageSinceItBegan(string? history)
    {
        var programme = new ProgrammeEntity { PartitionKey = "prg-1", Stage = nameof(ProgrammeStage.Enrolling), StageSince = Opened, StageHistory = history };

        Assert.Equal([new StageEntry(ProgrammeStage.Enrolling, Opened)], StageHistory.Entered(programme, Day(Opened)));
    }

    private static ProgrammeEntity Opened_()
    {
        var programme = new ProgrammeEntity { PartitionKey = "prg-1", StageSince = Opened };
        StageHistory.Begin(programme, Opened);
        return programme;
    }

    private static ProgrammeEntity ScheduledProgramme()
    {
        var programme = Opened_();
        StageHistory.Enter(programme, ProgrammeStage.AwaitingPlan, Opened, Day(Opened));
        Plan(programme);
        StageHistory.Enter(programme, ProgrammeStage.Enrolling, Opened, Day(Opened));
        StageHistory.Enter(programme, ProgrammeStage.Scheduled, Opened, Day(Opened));
        return programme;
    }

    private static void Plan(ProgrammeEntity programme)
    {
        programme.StartDate = "2024-08-12";
        programme.EndDate = "2024-08-16";
    }

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(7)).DateTime);

    private static DateTimeOffset Wib(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
}
