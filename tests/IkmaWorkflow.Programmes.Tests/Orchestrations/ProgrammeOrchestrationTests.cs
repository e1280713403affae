using System.Text.Json;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Programmes.Tests.Orchestrations;

/// <summary>
/// <see cref="ProgrammeOrchestration"/> against a scripted Moq context: what it sends, what it waits for and how each
/// generation ends, with every wait a wake-up on the app's clock.
/// </summary>
public sealed class ProgrammeOrchestrationTests
{
    private static readonly DateTimeOffset Now = new(2024, 8, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public async Task RunAsync_NewStage_AnnouncesItAndWaitsForTheNextChange()
    {
        var run = Run(ProgrammeStage.AwaitingPlan).Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingActivityLetter", 3)));

        Assert.Equal(["ReadProgramme", "NotifyProgramme StageChanged AwaitingPlan 0", "ScheduleWakeUp +7.00:00:00", "StageChanged"], run.Steps);
        var status = Assert.IsType<ProgrammeStatus>(Assert.Single(run.Statuses));
        Assert.Equal(("AwaitingPlan", "rencana program (kelas, kuota, tanggal)", 0), (status.Stage, status.WaitingForIndonesian, status.RemindersSent));
        Assert.Equal(Progress("AwaitingPlan", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_NoFormWithinTheInterval_ChecksTheStageThenSendsNumberedReminder()
    {
        var run = Run(ProgrammeStage.AwaitingPlan);

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingPlan", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +7.00:00:00", "woken", "ReadProgramme", "NotifyProgramme Reminder AwaitingPlan 1"], run.Steps);
        Assert.Contains(run.Calls, c => Equals(c.Input, new ProgrammeNotice("prg-1", NoticeKind.Reminder, ProgrammeStage.AwaitingPlan, 1, "programme-prg-1")));
        Assert.Equal(Progress("AwaitingPlan", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_RemindersUsedUp_Escalates()
    {
        var run = Run(ProgrammeStage.AwaitingClosingReport);

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingClosingReport", 2)));

        Assert.Equal("NotifyProgramme Escalation AwaitingClosingReport 3", run.Steps[^1]);
        Assert.Equal(Progress("AwaitingClosingReport", 3), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_Scheduled_WakesTheDayBeforeTheWeekAndReminds()
    {
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddDays(10));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Scheduled", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +9.00:00:00", "woken", "ReadProgramme", "NotifyProgramme Reminder Scheduled 1"], run.Steps);
        Assert.Equal(Progress("Scheduled", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_ScheduledAfterTheReminder_WakesWhenTheWeekStarts()
    {
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddDays(1));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Scheduled", 1)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +1.00:00:00", "woken"], run.Steps);
        Assert.Equal(Progress("Scheduled", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_ScheduledWithinTheLastDay_SkipsTheReminderAndWaitsForTheWeek()
    {
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddHours(12));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Scheduled", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp -12:00:00 (due)", "ScheduleWakeUp +12:00:00", "woken"], run.Steps);
        Assert.Equal(Progress("Scheduled", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_InTraining_WakesTheDayAfterTheLastDay()
    {
        var run = Run(ProgrammeStage.InTraining, next: Now.AddDays(5));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("InTraining", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +5.00:00:00", "woken"], run.Steps);
        Assert.Equal(Progress("InTraining", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_ClockJumpedOverTheWeek_AnnouncesTheNewStageInsteadOfAStaleReminder()
    {
        // The day-before wake-up is raised 40 days late: the calendar has moved the programme on meanwhile.
        var stages = new Queue<ProgrammeStage>([ProgrammeStage.Scheduled, ProgrammeStage.AwaitingClosingReport]);
        var run = Run(() => stages.Dequeue(), next: Now.AddDays(10)).Then(Arrival.WakeUp(late: TimeSpan.FromDays(40)));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Scheduled", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +9.00:00:00", "woken", "ReadProgramme"], run.Steps);
        Assert.Equal(Progress("Scheduled", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_StaleWakeUp_IgnoredAndTheOwnOneReminds()
    {
        var run = Run(ProgrammeStage.Enrolling).Then(Arrival.Stale(), Arrival.WakeUp());

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Enrolling", 0)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +7.00:00:00", "stale wake-up", "woken", "ReadProgramme", "NotifyProgramme Reminder Enrolling 1"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_StaleWakeUpThenStageChanged_ContinuesWithoutReminding()
    {
        var run = Run(ProgrammeStage.Enrolling).Then(Arrival.Stale(), Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Enrolling", 1)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +7.00:00:00", "stale wake-up", "StageChanged"], run.Steps);
        Assert.Equal(Progress("Enrolling", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Theory]
    [InlineData(ProgrammeStage.FollowUp)]
    [InlineData(ProgrammeStage.Cancelled)]
    public async Task RunAsync_FinalStage_FinishesWithoutWaiting(ProgrammeStage stage)
    {
        var run = Run(stage);

        var result = await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress(stage.ToString(), 0)));

        Assert.Equal(stage.ToString(), result);
        Assert.Equal(["ReadProgramme"], run.Steps);
        Assert.Empty(run.ContinuedAsNew);
    }

    [Fact]
    public async Task RunAsync_Certifying_IssuesEachQualifyingInParallelWithRetriesThenSummarisesAndMovesOn()
    {
        var run = Run(ProgrammeStage.Certifying)
            .Activity<string>(nameof(ListQualifyingParticipants), _ => new Qualification(["p-a", "p-b"], 1))
            .Activity<CertificateRequest>(nameof(IssueCertificate), r => new CertificateSummary("WUB-" + r.ParticipantId, "B. S."), r => r.ParticipantId)
            .Activity<CertificateBatch>(nameof(NotifyCertificates), _ => true, b => $"{b.Certificates.Count}+{b.NotQualifying}")
            .Activity<string>(nameof(CompleteCertification), _ => "FollowUp");

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Certifying", 0)));

        Assert.Equal(["ReadProgramme", "ListQualifyingParticipants", "IssueCertificate p-a", "IssueCertificate p-b", "NotifyCertificates 2+1", "CompleteCertification"], run.Steps);
        Assert.All(run.Calls.Where(c => c.Name == nameof(IssueCertificate)), c =>
        {
            var policy = c.Options!.Retry!.Policy!;
            Assert.Equal((3, TimeSpan.FromSeconds(10), 2d), (policy.MaxNumberOfAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient));
        });
        Assert.Equal(Progress("Certifying", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_CertificateFailsAfterRetries_IssuesTheOthersEscalatesAndTriesAgainAfterTheInterval()
    {
        var run = Run(ProgrammeStage.Certifying)
            .Activity<string>(nameof(ListQualifyingParticipants), _ => new Qualification(["p-a", "p-b"], 0))
            .Activity<CertificateRequest>(
                nameof(IssueCertificate),
                r => r.ParticipantId == "p-a" ? new TaskFailedException(nameof(IssueCertificate), 1, new TaskFailureDetails("System.IO.IOException", "blob unavailable", null, null, null)) : new CertificateSummary("WUB-1", "B. S."),
                r => r.ParticipantId);

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Certifying", 0)));

        Assert.Equal(
            ["ReadProgramme", "ListQualifyingParticipants", "IssueCertificate p-a", "IssueCertificate p-b", "NotifyProgramme Escalation Certifying 1", "ScheduleWakeUp +7.00:00:00", "woken"],
            run.Steps);
        Assert.Equal(Progress("Certifying", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_VersionOneGenerationInFlight_ReplaysTheOldShapeThenTheNextGenerationRunsVersionTwo()
    {
        // A generation that started on version 1 before version 2 was deployed: its history holds these steps, and
        // the new code must take exactly them again (a second ReadProgramme would not match the history).
        var oldShape = new[] { "ReadProgramme", "ScheduleWakeUp +7.00:00:00", "woken", "NotifyProgramme Reminder AwaitingPlan 1" };
        var inFlight = Run(ProgrammeStage.AwaitingPlan);

        await inFlight.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingPlan", 0) with { Version = 1 }));

        Assert.Equal(oldShape, inFlight.Steps);
        var next = Assert.IsType<ProgrammeProgress>(Assert.Single(inFlight.ContinuedAsNew));
        Assert.Equal(Progress("AwaitingPlan", 1), next);

        var following = Run(ProgrammeStage.AwaitingPlan);
        await following.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, next));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +7.00:00:00", "woken", "ReadProgramme", "NotifyProgramme Reminder AwaitingPlan 2"], following.Steps);
    }

    [Fact]
    public async Task RunAsync_SeveralStagesEnteredSinceTheLastAnnouncement_AnnouncesEachOnceInOrder()
    {
        // Letter, plan and the closing of enrolment came before the orchestration woke: it finds Scheduled.
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddDays(10), entered: [ProgrammeStage.AwaitingActivityLetter, ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling, ProgrammeStage.Scheduled]);

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingActivityLetter", 2)));

        Assert.Equal(
            ["ReadProgramme", "NotifyProgramme StageChanged AwaitingPlan 0", "NotifyProgramme StageChanged Enrolling 0", "NotifyProgramme StageChanged Scheduled 0", "ScheduleWakeUp +9.00:00:00", "woken", "ReadProgramme", "NotifyProgramme Reminder Scheduled 1"],
            run.Steps);
        Assert.Equal(Progress("Scheduled", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_ClockJumpedOverTheWeekWhileScheduled_AnnouncesTheWeekAndItsEndInOrder()
    {
        var run = Run(ProgrammeStage.AwaitingClosingReport, entered: [ProgrammeStage.AwaitingActivityLetter, ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling, ProgrammeStage.Scheduled, ProgrammeStage.InTraining, ProgrammeStage.AwaitingClosingReport])
            .Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Scheduled", 1)));

        Assert.Equal(["ReadProgramme", "NotifyProgramme StageChanged InTraining 0", "NotifyProgramme StageChanged AwaitingClosingReport 0", "ScheduleWakeUp +7.00:00:00", "StageChanged"], run.Steps);
        Assert.Equal(Progress("AwaitingClosingReport", 0), Assert.Single(run.ContinuedAsNew));
    }

    [Fact]
    public async Task RunAsync_FirstGenerationStartedLate_AnnouncesEveryStageEntered()
    {
        // The orchestration of a programme whose start failed, started by the repair after two forms.
        var run = Run(ProgrammeStage.Enrolling, entered: [ProgrammeStage.AwaitingActivityLetter, ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling])
            .Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, ProgrammeProgress.Start("prg-1")));

        Assert.Equal(
            ["ReadProgramme", "NotifyProgramme StageChanged AwaitingActivityLetter 0", "NotifyProgramme StageChanged AwaitingPlan 0", "NotifyProgramme StageChanged Enrolling 0", "ScheduleWakeUp +7.00:00:00", "StageChanged"],
            run.Steps);
    }

    [Fact]
    public async Task RunAsync_AlreadyAnnouncedTheCurrentStage_AnnouncesNothing()
    {
        var run = Run(ProgrammeStage.Enrolling, entered: [ProgrammeStage.AwaitingActivityLetter, ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling])
            .Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("Enrolling", 1)));

        Assert.Equal(["ReadProgramme", "ScheduleWakeUp +7.00:00:00", "StageChanged"], run.Steps);
        Assert.Equal(Progress("Enrolling", 1), Assert.Single(run.ContinuedAsNew));
    }

    [Theory]
    [InlineData(2, true)]   // a version-2 generation in flight replays its one announcement, whatever the history says
    [InlineData(3, false)]  // a result recorded before histories were read, replayed: no history
    public async Task RunAsync_NoHistoryToUse_AnnouncesOnlyTheCurrentStageAsVersionTwoDid(int version, bool withHistory)
    {
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddDays(10), entered: withHistory ? [ProgrammeStage.AwaitingPlan, ProgrammeStage.Enrolling, ProgrammeStage.Scheduled] : null)
            .Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingPlan", 0) with { Version = version }));

        Assert.Equal(["ReadProgramme", "NotifyProgramme StageChanged Scheduled 0", "ScheduleWakeUp +9.00:00:00", "StageChanged"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_LastAnnouncedStageNotInTheHistory_AnnouncesOnlyTheCurrentStage()
    {
        // A row whose history began after the stage last announced (written before histories were kept).
        var run = Run(ProgrammeStage.Scheduled, next: Now.AddDays(10), entered: [ProgrammeStage.Scheduled])
            .Then(Arrival.Event(ProgrammeSignals.StageChangedEvent));

        await run.RunAsync(c => new ProgrammeOrchestration().RunAsync(c, Progress("AwaitingPlan", 0)));

        Assert.Equal(["ReadProgramme", "NotifyProgramme StageChanged Scheduled 0", "ScheduleWakeUp +9.00:00:00", "StageChanged"], run.Steps);
    }

    [Fact]
    public void ProgrammeProgress_InputWithoutVersion_ReadsAsVersionOneAndStartsOnTheCurrentVersion()
    {
        var old = JsonSerializer.Deserialize<ProgrammeProgress>("""{"programmeId":"prg-1","announcedStage":"AwaitingPlan","remindersSent":1}""", JsonSerializerOptions.Web)!;

        Assert.Equal(new ProgrammeProgress("prg-1", "AwaitingPlan", 1, 1), old);
        Assert.Equal(ProgrammeOrchestration.CurrentVersion, old.Next.Version);
        Assert.Equal(new ProgrammeProgress("prg-1", null, 0, ProgrammeOrchestration.CurrentVersion), ProgrammeProgress.Start("prg-1"));
        Assert.DoesNotContain("next", JsonSerializer.Serialize(old, JsonSerializerOptions.Web), StringComparison.OrdinalIgnoreCase);
    }

    private static ProgrammeProgress Progress(string announced, int reminders) => new("prg-1", announced, reminders, ProgrammeOrchestration.CurrentVersion);

    private static ScriptedContext Run(ProgrammeStage stage, DateTimeOffset? next = null, ProgrammeStage[]? entered = null) => Run(() => stage, next, entered);

    private static ScriptedContext Run(Func<ProgrammeStage> stage, DateTimeOffset? next = null, ProgrammeStage[]? entered = null) =>
        new ScriptedContext("programme-prg-1", Now)
            .Activity<string>(nameof(ReadProgramme), _ => stage() is var now ? new ProgrammeSnapshot("Bimtek", now, next?.UtcDateTime, Week, 2, entered?.Contains(now) == true ? entered : null) : null)
            .Activity<ProgrammeNotice>(nameof(NotifyProgramme), _ => true, n => $"{n.Kind} {n.Stage} {n.Number}");
}
