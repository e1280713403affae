using IkmaWorkflow.Programmes.FollowUps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace IkmaWorkflow.Programmes.Tests.FollowUps;

/// <summary>
/// <see cref="FollowUpOrchestration"/> against a mocked context whose clock moves only when the orchestration waits,
/// the way history would replay it: every step it takes, in order, for each way a checkpoint can go.
/// </summary>
public sealed class FollowUpOrchestrationTests
{
    private static readonly DateTime RequestedAt = new(2025, 3, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly FollowUpCheckpoint Checkpoint = new("prg-7k3q9x2mtd", "p-4hq8m2zrtw", 6);
    private static readonly FollowUpInput Defaults = new(Checkpoint, TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30));

    [Fact]
    public async Task RunAsync_OutcomeBeforeFirstReminder_FinishesReportedWithoutReminding()
    {
        var run = new Run(outcomeOnWait: 1);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 0, false), result);
        Assert.Equal(["RequestFollowUp", "wait 7.00:00:00"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_TwoTimeoutsThenOutcome_RemindsTwiceThenEscalatesThenFinishes()
    {
        var run = new Run(outcomeOnWait: 3);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 2, true), result);
        Assert.Equal(
            ["RequestFollowUp", "wait 7.00:00:00", "RemindFollowUp 1", "wait 7.00:00:00", "RemindFollowUp 2", "EscalateFollowUp", "wait 7.00:00:00"],
            run.Steps);
        Assert.Equal(RequestedAt.AddDays(14), run.EscalatedAt);
    }

    [Fact]
    public async Task RunAsync_NoOutcome_RemindsEscalatesOnceAndRecordsUnreachableAtTheDeadline()
    {
        var run = new Run(outcomeOnWait: null);

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Unreachable", 4, true), result);
        Assert.Equal(
            [
                "RequestFollowUp",
                "wait 7.00:00:00", "RemindFollowUp 1",
                "wait 7.00:00:00", "RemindFollowUp 2", "EscalateFollowUp",
                "wait 7.00:00:00", "RemindFollowUp 3",
                "wait 7.00:00:00", "RemindFollowUp 4",
                "wait 2.00:00:00", "RecordUnreachable",
            ],
            run.Steps);
        Assert.All(run.Reminders, r => Assert.Equal(RequestedAt.AddDays(30), r.Deadline));
    }

    [Fact]
    public async Task RunAsync_EscalationBetweenReminders_WaitsForEachMomentInTurn()
    {
        var run = new Run(outcomeOnWait: null);

        await run.ExecuteAsync(Defaults with { ReminderInterval = TimeSpan.FromDays(10), EscalateAfter = TimeSpan.FromDays(4), GiveUpAfter = TimeSpan.FromDays(15) });

        Assert.Equal(["RequestFollowUp", "wait 4.00:00:00", "EscalateFollowUp", "wait 6.00:00:00", "RemindFollowUp 1", "wait 5.00:00:00", "RecordUnreachable"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_CheckpointAlreadyReported_FinishesWithoutWaiting()
    {
        var run = new Run(outcomeOnWait: null) { RequestStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 0, false), result);
        Assert.Equal(["RequestFollowUp"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ReportedWhileWaitingButEventLost_StopsAtTheReminder()
    {
        var run = new Run(outcomeOnWait: null) { ReminderStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Reported", 1, false), result);
        Assert.Equal(["RequestFollowUp", "wait 7.00:00:00", "RemindFollowUp 1"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ErasedWhileWaiting_StopsAtTheReminderSayingSoInBothLanguages()
    {
        var run = new Run(outcomeOnWait: null) { ReminderStatus = "Erased" };

        var result = await run.ExecuteAsync(Defaults);

        Assert.Equal(new FollowUpResult("Erased", 1, false), result);
        Assert.Equal(["RequestFollowUp", "wait 7.00:00:00", "RemindFollowUp 1"], run.Steps);
        Assert.EndsWith("personal data was erased, so nothing more is asked; nothing more to wait for.", run.Statuses[^1].English, StringComparison.Ordinal);
        Assert.Contains("data pribadi peserta sudah dihapus", run.Statuses[^1].Indonesian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutcomeReportedBeforeRecording_EndsAsReported()
    {
        var run = new Run(outcomeOnWait: null) { UnreachableStatus = "Reported" };

        var result = await run.ExecuteAsync(Defaults with { ReminderInterval = TimeSpan.FromDays(30) });

        Assert.Equal(new FollowUpResult("Reported", 0, true), result);
        Assert.Equal(["RequestFollowUp", "wait 14.00:00:00", "EscalateFollowUp", "wait 16.00:00:00", "RecordUnreachable"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_EveryStep_CustomStatusNamesCheckpointStateAndWhatItWaitsFor()
    {
        var run = new Run(outcomeOnWait: 3);

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
        Assert.Equal(("", "the outcome was reported; nothing more to wait for."), (run.Statuses[^1].WaitingFor, run.Statuses[^1].English[(run.Statuses[^1].English.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task RunAsync_NobodyToEmail_StatusSaysWhomToRegister()
    {
        var run = new Run(outcomeOnWait: 1) { RequestRecipients = 0 };

        await run.ExecuteAsync(Defaults);

        Assert.EndsWith("Nobody at bapas-jakarta-timur could be emailed: register a person for it.", run.Statuses[1].English, StringComparison.Ordinal);
        Assert.Contains("daftarkan seseorang", run.Statuses[1].Indonesian, StringComparison.Ordinal);
    }

    /// <summary>One run of the orchestration against a mocked context, recording its steps.</summary>
    private sealed class Run
    {
        private readonly Mock<TaskOrchestrationContext> _context = new() { CallBase = true };
        private DateTime _now = RequestedAt;
        private int _waits;

        public Run(int? outcomeOnWait)
        {
            _context.SetupGet(c => c.InstanceId).Returns(Checkpoint.InstanceId);
            _context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => _now);
            _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);
            _context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => Statuses.Add((FollowUpStatus)status!));
            // WaitForExternalEvent with a timeout is not virtual: it races a timer against the event and cancels the loser.
            _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
                .Returns((DateTime fireAt, CancellationToken _) =>
                {
                    Steps.Add($"wait {fireAt - _now:c}");
                    if (++_waits == outcomeOnWait)
                    {
                        return new TaskCompletionSource().Task;
                    }

                    _now = fireAt;
                    return Task.CompletedTask;
                });
            _context.Setup(c => c.WaitForExternalEvent<object>(FollowUpOrchestration.OutcomeEvent, It.IsAny<CancellationToken>()))
                .Returns((string _, CancellationToken cancellationToken) =>
                {
                    if (_waits == outcomeOnWait)
                    {
                        return Task.FromResult<object>(new { contactOutcome = "Reached" });
                    }

                    var pending = new TaskCompletionSource<object>();
                    cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
                    return pending.Task;
                });
            _context.Setup(c => c.CallActivityAsync<FollowUpNotice>(nameof(RequestFollowUp), Checkpoint, null))
                .Returns(() =>
                {
                    Steps.Add("RequestFollowUp");
                    return Task.FromResult(new FollowUpNotice(RequestStatus, "bapas-jakarta-timur", RequestRecipients));
                });
            _context.Setup(c => c.CallActivityAsync<FollowUpNotice>(nameof(RemindFollowUp), It.IsAny<FollowUpReminder>(), null))
                .Returns((TaskName _, object? input, TaskOptions? _) =>
                {
                    var reminder = (FollowUpReminder)input!;
                    Reminders.Add(reminder);
                    Steps.Add($"RemindFollowUp {reminder.Number}");
                    return Task.FromResult(new FollowUpNotice(ReminderStatus, "bapas-jakarta-timur", 1));
                });
            _context.Setup(c => c.CallActivityAsync<FollowUpNotice>(nameof(EscalateFollowUp), It.IsAny<FollowUpEscalation>(), null))
                .Returns((TaskName _, object? input, TaskOptions? _) =>
                {
                    Assert.Equal(new FollowUpEscalation(Checkpoint, RequestedAt), input);
                    EscalatedAt = _now;
                    Steps.Add("EscalateFollowUp");
                    return Task.FromResult(new FollowUpNotice("Requested", "bapas-jakarta-timur", 1));
                });
            _context.Setup(c => c.CallActivityAsync<string>(nameof(RecordUnreachable), Checkpoint, null))
                .Returns(() =>
                {
                    Steps.Add("RecordUnreachable");
                    return Task.FromResult(UnreachableStatus);
                });
        }

        public string RequestStatus { get; init; } = "Requested";

        public int RequestRecipients { get; init; } = 1;

        public string ReminderStatus { get; init; } = "Requested";

        public string UnreachableStatus { get; init; } = "Unreachable";

        public List<string> Steps { get; } = [];

        public List<FollowUpStatus> Statuses { get; } = [];

        public List<FollowUpReminder> Reminders { get; } = [];

        public DateTime? EscalatedAt { get; private set; }

        public Task<FollowUpResult> ExecuteAsync(FollowUpInput input) => new FollowUpOrchestration().RunAsync(_context.Object, input);
    }
}
