using System.Collections.Concurrent;
using System.Globalization;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.WakeUps;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Programmes.Tests.FollowUps;

/// <summary>
/// <see cref="FollowUpOrchestration"/> on Microsoft's in-memory engine with stub activities, the real wake-up store on
/// Azurite and a fake app clock that jumps as the demo's does.
/// </summary>
public sealed class FollowUpOrchestrationHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // 1 November 2024, 08:00 WIB: the morning Cipinang's first checkpoints fall due.
    private static readonly DateTimeOffset Morning = new(2024, 11, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly FollowUpCheckpoint Checkpoint = new("prg-cipinang", "p-4hq8m2zrtw", 1);
    private static readonly FollowUpInput Input = new(Checkpoint, TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30));

    [Fact]
    public async Task RunAsync_ClockJumpsTenThenSixtyDays_RemindsOnceThenRecordsUnreachable()
    {
        var steps = new ConcurrentQueue<string>();
        await using var host = await StartAsync(steps);

        Assert.True(await OrchestrationInstances.StartOnceAsync(host.Client, nameof(FollowUpOrchestration), Input, Checkpoint.InstanceId, CancellationToken.None));
        var first = await host.WaitingAsync(Checkpoint.InstanceId);
        Assert.Equal(Morning.AddDays(7), first.DueAt);

        host.Clock.Advance(TimeSpan.FromDays(10));
        await host.CheckDeadlinesAsync();
        var second = await host.WaitingAsync(Checkpoint.InstanceId, r => r.Token != first.Token);
        Assert.Equal(Morning.AddDays(14), second.DueAt);
        Assert.Equal(["RequestFollowUp", "RemindFollowUp 1"], steps);

        host.Clock.Advance(TimeSpan.FromDays(60));
        await host.CheckDeadlinesAsync();
        var done = await host.CompletedAsync(Checkpoint.InstanceId);

        Assert.Equal(new FollowUpResult("Unreachable", 1, false), done.ReadOutputAs<FollowUpResult>());
        Assert.Equal(["RequestFollowUp", "RemindFollowUp 1", "RecordUnreachable"], steps);
        Assert.Equal("Unreachable", done.ReadCustomStatusAs<FollowUpStatus>()!.State);
        Assert.Empty(await host.WakeUpsAsync());
    }

    [Fact]
    public async Task RunAsync_OutcomeBeforeTheFirstReminder_CompletesReportedAndItsWakeUpIsDeletedUnraised()
    {
        var steps = new ConcurrentQueue<string>();
        await using var host = await StartAsync(steps);

        await OrchestrationInstances.StartOnceAsync(host.Client, nameof(FollowUpOrchestration), Input, Checkpoint.InstanceId, CancellationToken.None);
        var waiting = await host.WaitForAsync(Checkpoint.InstanceId, i => i.ReadCustomStatusAs<FollowUpStatus>()?.State == "WaitingForOutcome", "waiting for the outcome");
        Assert.Equal(Morning.AddDays(30).UtcDateTime, waiting.ReadCustomStatusAs<FollowUpStatus>()!.Deadline);

        var signal = await OrchestrationInstances.RaiseEventAsync(host.Client, Checkpoint.InstanceId, FollowUpOrchestration.OutcomeEvent, new { months = 1, contactOutcome = "Reached" }, CancellationToken.None);
        var done = await host.CompletedAsync(Checkpoint.InstanceId);

        Assert.Equal(InstanceSignal.Delivered, signal);
        Assert.Equal(new FollowUpResult("Reported", 0, false), done.ReadOutputAs<FollowUpResult>());
        Assert.Equal(["RequestFollowUp"], steps);

        // Its wake-up stays until due, then the check deletes it: the instance has finished.
        host.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(new WakeUpScanResult(1, 0, 1, 0), await host.CheckDeadlinesAsync());
        Assert.Empty(await host.WakeUpsAsync());

        // The checkpoint's id is never started twice, even once its orchestration has completed.
        Assert.False(await OrchestrationInstances.StartOnceAsync(host.Client, nameof(FollowUpOrchestration), Input, Checkpoint.InstanceId, CancellationToken.None));
        Assert.Equal(InstanceSignal.Finished, await OrchestrationInstances.RaiseEventAsync(host.Client, Checkpoint.InstanceId, FollowUpOrchestration.OutcomeEvent, null, CancellationToken.None));
    }

    private Task<WorkflowHost> StartAsync(ConcurrentQueue<string> steps) => WorkflowHost.StartAsync(azurite.Azurite, Morning, registry =>
    {
        registry.AddActivityFunc<FollowUpCheckpoint, FollowUpNotice>(nameof(RequestFollowUp), (_, _) =>
        {
            steps.Enqueue("RequestFollowUp");
            return new FollowUpNotice("Requested", "bapas-jakarta-timur", 1);
        });
        registry.AddActivityFunc<FollowUpReminder, FollowUpNotice>(nameof(RemindFollowUp), (_, reminder) =>
        {
            steps.Enqueue(string.Create(CultureInfo.InvariantCulture, $"RemindFollowUp {reminder!.Number}"));
            return new FollowUpNotice("Requested", "bapas-jakarta-timur", 1);
        });
        registry.AddActivityFunc<FollowUpEscalation, FollowUpNotice>(nameof(EscalateFollowUp), (_, _) =>
        {
            steps.Enqueue("EscalateFollowUp");
            return new FollowUpNotice("Requested", "bapas-jakarta-timur", 1);
        });
        registry.AddActivityFunc<FollowUpCheckpoint, string>(nameof(RecordUnreachable), (_, _) =>
        {
            steps.Enqueue("RecordUnreachable");
            return "Unreachable";
        });
    });
}
