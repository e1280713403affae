using IkmaWorkflow.Programmes.FollowUps;

namespace IkmaWorkflow.Programmes.Tests.FollowUps;

/// <summary>
/// <see cref="FollowUpOrchestration"/> against a scripted Moq context in which the app's clock moves only when a
/// wake-up arrives, the way history would replay it: every step it takes, in order, for each way a checkpoint can go,
/// and when the clock jumps past several moments at once.
/// </summary>
public sealed class FollowUpOrchestrationTests
{
    private static readonly DateTimeOffset RequestedAt = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly FollowUpCheckpoint Checkpoint = new("prg-7k3q9x2mtd", "p-4hq8m2zrtw", 6);
    private static readonly FollowUpInput Defaults = new(Checkpoint, TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30));
    private static readonly Arrival Outcome = Arrival.Event(FollowUpOrchestration.OutcomeEvent, new { contactOutcome = "Reached" });

    [Fact]
    public async Task RunAsync_OutcomeBeforeFirstReminder_FinishesReportedWithoutReminding()
    {
        var run = new Run().Then(Outcome);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 0, false), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "OutcomeReported"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_TwoWakeUpsThenOutcome_RemindsTwiceThenEscalatesThenFinishes()
    {
        var run = new Run().Then(Arrival.WakeUp(), Arrival.WakeUp(), Outcome);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 2, true), result);
        Assert.Equal(
            ["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "woken", "RemindFollowUp 1", "ScheduleWakeUp +14.00:00:00", "woken", "RemindFollowUp 2", "EscalateFollowUp", "ScheduleWakeUp +21.00:00:00", "OutcomeReported"],
            run.Steps);
        Assert.Equal(RequestedAt.AddDays(14), run.EscalatedAt);
    }

    [Fact]
    public async Task RunAsync_NoOutcome_RemindsEscalatesOnceAndRecordsUnreachableAtTheDeadline()
    {
        var run = new Run();

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Unreachable", 4, true), result);
        Assert.Equal(
            [
                "RequestFollowUp",
                "ScheduleWakeUp +7.00:00:00", "woken", "RemindFollowUp 1",
                "ScheduleWakeUp +14.00:00:00", "woken", "RemindFollowUp 2", "EscalateFollowUp",
                "ScheduleWakeUp +21.00:00:00", "woken", "RemindFollowUp 3",
                "ScheduleWakeUp +28.00:00:00", "woken", "RemindFollowUp 4",
                "ScheduleWakeUp +30.00:00:00", "woken", "RecordUnreachable",
            ],
            run.Steps);
        Assert.All(run.Reminders, r => Assert.Equal(RequestedAt.AddDays(30).UtcDateTime, r.Deadline));
    }

    [Fact]
    public async Task RunAsync_EscalationBetweenReminders_WaitsForEachMomentInTurn()
    {
        var run = new Run();

        await run.ExecuteAsync(Defaults with { ReminderInterval = TimeSpan.FromDays(10), EscalateAfter = TimeSpan.FromDays(4), GiveUpAfter = TimeSpan.FromDays(15) });

        Assert.Equal(
            ["RequestFollowUp", "ScheduleWakeUp +4.00:00:00", "woken", "EscalateFollowUp", "ScheduleWakeUp +10.00:00:00", "woken", "RemindFollowUp 1", "ScheduleWakeUp +15.00:00:00", "woken", "RecordUnreachable"],
            run.Steps);
    }

    [Fact]
    public async Task RunAsync_ClockJumpsPastTheDeadline_RecordsUnreachableAtTheFirstWakeUp()
    {
        // The demo clock moves 40 days on before the first deadline check: the deadline has passed.
        var run = new Run().Then(Arrival.WakeUp(late: TimeSpan.FromDays(33)));

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Unreachable", 0, false), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "woken", "RecordUnreachable"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ClockJumpsPastTwoReminders_CatchesUpWithoutWaitingThenWaitsForTheNextMoment()
    {
        var run = new Run().Then(Arrival.WakeUp(late: TimeSpan.FromDays(13)), Outcome);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 2, true), result);
        Assert.Equal(
            ["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "woken", "RemindFollowUp 1", "EscalateFollowUp", "RemindFollowUp 2", "ScheduleWakeUp +21.00:00:00", "OutcomeReported"],
            run.Steps);
        Assert.Equal(RequestedAt.AddDays(20), run.EscalatedAt);
    }

    [Fact]
    public async Task RunAsync_StaleWakeUp_IgnoredUntilItsOwnArrives()
    {
        var run = new Run().Then(Arrival.Stale(), Arrival.Stale(), Outcome);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 0, false), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "stale wake-up", "stale wake-up", "OutcomeReported"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_CheckpointAlreadyReported_FinishesWithoutWaiting()
    {
        var run = new Run { RequestStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 0, false), result);
        Assert.Equal(["RequestFollowUp"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ReportedWhileWaitingButEventLost_StopsAtTheReminder()
    {
        var run = new Run { ReminderStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 1, false), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "woken", "RemindFollowUp 1"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ErasedWhileWaiting_StopsAtTheReminderSayingSoInBothLanguages()
    {
        var run = new Run { ReminderStatus = "Erased" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Erased", 1, false), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +7.00:00:00", "woken", "RemindFollowUp 1"], run.Steps);
        Assert.EndsWith("personal data was erased, so nothing more is asked; nothing more to wait for.", run.Statuses[^1].English, StringComparison.Ordinal);
        Assert.Contains("data pribadi peserta sudah dihapus", run.Statuses[^1].Indonesian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutcomeReportedBeforeRecording_EndsAsReported()
    {
        var run = new Run { UnreachableStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults with { ReminderInterval = TimeSpan.FromDays(30) });

        Assert.Equal(new FollowUpResult("Reported", 0, true), result);
        Assert.Equal(["RequestFollowUp", "ScheduleWakeUp +14.00:00:00", "woken", "EscalateFollowUp", "ScheduleWakeUp +30.00:00:00", "woken", "RecordUnreachable"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_EveryStep_CustomStatusNamesCheckpointStateAndWhatItWaitsFor()
    {
        var run = new Run().Then(Arrival.WakeUp(), Arrival.WakeUp(), Outcome);

        await run.ExecuteAsync(Defaults);

        Assert.Equal(["Requesting", "WaitingForOutcome", "WaitingForOutcome", "WaitingForOutcome", "Reported"], run.Statuses.Select(s => s.State));
        Assert.All(run.Statuses, s => Assert.Equal((Checkpoint.ProgrammeId, Checkpoint.ParticipantId, 6), (s.ProgrammeId, s.ParticipantId, s.Months)));
        Assert.All(run.Statuses, s => Assert.StartsWith("Follow-up at 6 months for participant p-4hq8m2zrtw: ", s.English, StringComparison.Ordinal));
        Assert.All(run.Statuses, s => Assert.StartsWith("Tindak lanjut 6 bulan untuk peserta p-4hq8m2zrtw: ", s.Indonesian, StringComparison.Ordinal));

        var third = run.Statuses[3];
        Assert.Equal(("the outcome from bapas-jakarta-timur", "hasil dari bapas-jakarta-timur", 2, true), (third.WaitingFor, third.WaitingForIndonesian, third.RemindersSent, third.Escalated));
        Assert.Equal(
            "Follow-up at 6 months for participant p-4hq8m2zrtw: waiting for the outcome from bapas-jakarta-timur; 2 reminder(s) sent; the coordinators were told; recorded unreachable unless it arrives by 31 March 2025, 08:00 WIB.",
            third.English);
        Assert.Equal(
            "Tindak lanjut 6 bulan untuk peserta p-4hq8m2zrtw: menunggu hasil dari bapas-jakarta-timur; 2 pengingat terkirim; koordinator sudah diberi tahu; dicatat tidak dapat dihubungi bila belum diterima sampai 31 Maret 2025 08.00 WIB.",
            third.Indonesian);
        Assert.Equal(RequestedAt.AddDays(30).UtcDateTime, third.Deadline);
        Assert.Null(run.Statuses[0].Deadline);
        Assert.Equal(("", "the outcome was reported; nothing more to wait for."), (run.Statuses[^1].WaitingFor, run.Statuses[^1].English[(run.Statuses[^1].English.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task RunAsync_NobodyToEmail_StatusSaysWhomToRegister()
    {
        var run = new Run { RequestRecipients = 0 }.Then(Outcome);

        await run.ExecuteAsync(Defaults);

        Assert.EndsWith("Nobody at bapas-jakarta-timur could be emailed: register a person for it.", run.Statuses[1].English, StringComparison.Ordinal);
        Assert.Contains("daftarkan seseorang", run.Statuses[1].Indonesian, StringComparison.Ordinal);
    }

    /// <summary>One run of the orchestration against a scripted context, starting on the app's clock at <see cref="RequestedAt"/>.</summary>
    private sealed class Run
    {
        private readonly ScriptedContext _context = new(Checkpoint.InstanceId, RequestedAt);

        public Run()
        {
            _context
                .Activity<FollowUpCheckpoint>(nameof(RequestFollowUp), c =>
                {
                    Assert.Equal(Checkpoint, c);
                    return new FollowUpNotice(RequestStatus, "bapas-jakarta-timur", RequestRecipients);
                })
                .Activity<FollowUpReminder>(
                    nameof(RemindFollowUp),
                    r =>
                    {
                        Reminders.Add(r);
                        return new FollowUpNotice(ReminderStatus, "bapas-jakarta-timur", 1);
                    },
                    r => r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Activity<FollowUpEscalation>(nameof(EscalateFollowUp), e =>
                {
                    Assert.Equal(new FollowUpEscalation(Checkpoint, RequestedAt.UtcDateTime), e);
                    EscalatedAt = _context.Now;
                    return new FollowUpNotice("Requested", "bapas-jakarta-timur", 1);
                })
                .Activity<FollowUpCheckpoint>(nameof(RecordUnreachable), _ => UnreachableStatus);
        }

        public string RequestStatus { get; init; } = "Requested";

        public int RequestRecipients { get; init; } = 1;

        public string ReminderStatus { get; init; } = "Requested";

        public string UnreachableStatus { get; init; } = "Unreachable";

        public List<string> Steps => _context.Steps;

        public List<FollowUpStatus> Statuses => [.. _context.Statuses.Cast<FollowUpStatus>()];

        public List<FollowUpReminder> Reminders { get; } = [];

        public DateTimeOffset? EscalatedAt { get; private set; }

        public Run Then(params Arrival[] arrivals)
        {
            _context.Then(arrivals);
            return this;
        }

        public Task<FollowUpResult> ExecuteAsync(FollowUpInput input) => _context.RunAsync(c => new FollowUpOrchestration().RunAsync(c, input));
    }
}
