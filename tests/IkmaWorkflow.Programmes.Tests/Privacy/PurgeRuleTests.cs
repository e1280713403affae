using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Tests.Privacy;

/// <summary>When the daily purge may remove a participant whose retention date has passed.</summary>
public sealed class PurgeRuleTests
{
    private static readonly FollowUpOptions FollowUps = new();

    [Theory]
    [InlineData(nameof(ProgrammeStage.AwaitingActivityLetter))]
    [InlineData(nameof(ProgrammeStage.Enrolling))]
    [InlineData(nameof(ProgrammeStage.InTraining))]
    [InlineData(nameof(ProgrammeStage.AwaitingClosingReport))]
    [InlineData(nameof(ProgrammeStage.Certifying))]
    public void MayRemove_ProgrammeRunning_NeverWhateverTheDate(string stage)
    {
        var why = RetentionPurger.MayRemove(Programme(stage), Inmate(expectedReleaseMonth: "1900-01"), [], FollowUps, new DateOnly(2100, 1, 1));

        Assert.Equal($"the programme is at stage {stage}", why);
    }

    [Fact]
    public void MayRemove_CancelledOrWithoutProgrammeRow_Yes()
    {
        Assert.Null(RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.Cancelled)), Inmate("1900-01"), [], FollowUps, new DateOnly(2024, 9, 10)));
        Assert.Null(RetentionPurger.MayRemove(null, Inmate("1900-01"), [], FollowUps, new DateOnly(2024, 9, 10)));
    }

    [Fact]
    public void MayRemove_FollowUpWithACheckpointOpen_No()
    {
        var open = new FollowUpEntity { RowKey = "followup|p-a|24", Months = 24, DueDate = "2027-01-31", Status = CheckpointStatus.Requested };

        var why = RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.FollowUp)), Inmate("2025-01", releaseDate: "2025-01-31"), [open], FollowUps, new DateOnly(2040, 1, 1));

        Assert.Equal("a follow-up checkpoint of the participant is open", why);
    }

    [Fact]
    public void MayRemove_FollowUpOver_YesTheDayAfterTheLastAnswerWindow()
    {
        var inmate = Inmate("2025-01", releaseDate: "2025-01-31");
        var done = new FollowUpEntity { RowKey = "followup|p-a|24", Months = 24, DueDate = "2027-01-31", Status = CheckpointStatus.Reported };

        Assert.Equal("the participant's follow-up runs until 2027-03-02", RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.FollowUp)), inmate, [done], FollowUps, new DateOnly(2027, 3, 2)));
        Assert.Null(RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.FollowUp)), inmate, [done], FollowUps, new DateOnly(2027, 3, 3)));
    }

    [Fact]
    public void MayRemove_ReleaseMonthBeforeTheTraining_FollowUpCountedFromTheTrainingsEnd()
    {
        // 1900-01 was once accepted: the follow-up still runs 24 months and 30 days from the week's end (2024-09-07).
        var why = RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.FollowUp)), Inmate("1900-01"), [], FollowUps, new DateOnly(2026, 10, 1));

        Assert.Equal("the participant's follow-up runs until 2026-10-07", why);
    }

    [Fact]
    public void MayRemove_OfficerOnceTheProgrammeIsInFollowUp_Yes()
    {
        var officer = new ParticipantEntity { RowKey = ParticipantEntity.Prefix + "p-b", Type = nameof(ParticipantType.Officer), RetentionUntil = "2029-12-31" };

        Assert.Null(RetentionPurger.MayRemove(Programme(nameof(ProgrammeStage.FollowUp)), officer, [], FollowUps, new DateOnly(2030, 1, 1)));
    }

    private static ProgrammeEntity Programme(string stage) => new() { PartitionKey = "prg-a", Year = 2024, StartDate = "2024-09-03", EndDate = "2024-09-07", Stage = stage };

    private static ParticipantEntity Inmate(string expectedReleaseMonth, string? releaseDate = null) => new()
    {
        PartitionKey = "prg-a",
        RowKey = ParticipantEntity.Prefix + "p-a",
        Type = nameof(ParticipantType.Inmate),
        ExpectedReleaseMonth = expectedReleaseMonth,
        ReleaseDate = releaseDate,
        RetentionUntil = "1903-01-31",
    };
}
