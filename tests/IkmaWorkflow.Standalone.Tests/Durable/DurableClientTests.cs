using System.Text.Json;
using DurableTask.Core.History;
using Grpc.Core;
using IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>
/// What the gRPC <see cref="DurableTaskClient"/> can do against the standalone host (TaskHubGrpcServer over the
/// Azure Storage engine), and what it cannot; one private Azurite, one task hub per test.
/// </summary>
public sealed class DurableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task GetInstanceAsync_WaitingInstance_ReturnsNameInputAndCustomStatus()
    {
        await using var host = await StartAsync();

        var id = await StartWaitingAsync(host, "visit");
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.NotNull(instance);
        Assert.Equal(nameof(ApprovalOrchestrator.DurableApproval), instance.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
        Assert.Equal("visit", instance.ReadInputAs<string>());
        Assert.Equal("visit", JsonDocument.Parse(instance.SerializedCustomStatus!).RootElement.GetProperty("Waiting").GetString());
        Assert.Null(await host.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task GetAllInstancesAsync_RunningWithPageSizeTwo_ReturnsEveryRunningInstanceInPages()
    {
        await using var host = await StartAsync();
        var running = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            running.Add(await StartWaitingAsync(host, $"running-{i}"));
        }

        var approved = await StartWaitingAsync(host, "approved");
        await host.Client.RaiseEventAsync(approved, ApprovalOrchestrator.ApprovalEvent, new Approval("coordinator"));
        await host.WaitForCompletionAsync(approved, Timeout);

        var pages = new List<int>();
        var found = new List<string>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], PageSize = 2 };
        await foreach (var page in host.Client.GetAllInstancesAsync(query).AsPages())
        {
            pages.Add(page.Values.Count);
            found.AddRange(page.Values.Select(i => i.InstanceId));
        }

        Assert.Equal(running.Order(), found.Order());
        Assert.True(pages.Count >= 2 && pages.All(count => count <= 2), $"Page sizes: {string.Join(", ", pages)}");
    }

    [Fact]
    public async Task TerminateInstanceAsync_WaitingInstance_EndsTerminatedWithTheGivenOutput()
    {
        await using var host = await StartAsync();
        var id = await StartWaitingAsync(host, "cancelled");

        await host.Client.TerminateInstanceAsync(id, "stopped by the test");
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by the test", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendInstanceAsync_EventWhileSuspended_CompletesOnlyAfterResume()
    {
        await using var host = await StartAsync();
        var id = await StartWaitingAsync(host, "paused");

        await host.Client.SuspendInstanceAsync(id, "on hold");
        await WaitForStatusAsync(host, id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, ApprovalOrchestrator.ApprovalEvent, new Approval("coordinator"));

        // The suspended instance records the event in its history but does not act on it. (The engine's Instances
        // row then says Running again, as it does under Durable Functions: it sets the status from the episode's
        // events, and an EventRaised episode is a "running" one. The orchestration itself stays suspended.)
        await Eventually.TrueAsync(
            async () => (await HistoryAsync(host, id)).Contains(EventType.EventRaised),
            () => $"{id} never recorded the event",
            Timeout);
        Assert.NotEqual(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await host.Client.ResumeInstanceAsync(id, "go on");
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("paused approved by coordinator", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task PurgeInstanceAsync_CompletedInstance_RemovesIt()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator.DurableChain), new ChainInput(["Bandung"]));
        await host.WaitForCompletionAsync(id, Timeout);

        var purged = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task PurgeAllInstancesAsync_TerminatedFilter_RemovesOnlyTerminatedInstances()
    {
        await using var host = await StartAsync();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        var terminated = await StartWaitingAsync(host, "terminated");
        var completed = await StartWaitingAsync(host, "completed");
        await host.Client.TerminateInstanceAsync(terminated, "no longer needed");
        await host.Client.RaiseEventAsync(completed, ApprovalOrchestrator.ApprovalEvent, new Approval("coordinator"));
        await host.WaitForCompletionAsync(terminated, Timeout);
        await host.WaitForCompletionAsync(completed, Timeout);

        var purged = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, null, [OrchestrationRuntimeStatus.Terminated]));

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(terminated));
        Assert.NotNull(await host.Client.GetInstanceAsync(completed));
    }

    [Fact]
    public async Task RestartAsync_CompletedInstance_RunsAgainWithTheSameInput()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator.DurableChain), new ChainInput(["Medan"]));
        await host.WaitForCompletionAsync(id, Timeout);

        var restarted = await host.Client.RestartAsync(id, restartWithNewInstanceId: true);
        var done = await host.WaitForCompletionAsync(restarted, Timeout);

        Assert.NotEqual(id, restarted);
        Assert.Equal(["Hello Medan!"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task GetOrchestrationHistoryAsync_ThroughTheEngine_ListsTheInstancesEvents()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator.DurableChain), new ChainInput(["Surabaya"]));
        await host.WaitForCompletionAsync(id, Timeout);

        using var history = JsonDocument.Parse(await host.Engine.GetOrchestrationHistoryAsync(id, executionId: null));
        var events = history.RootElement.EnumerateArray().ToList();

        Assert.Contains(events, e => e.TryGetProperty("Name", out var name) && name.GetString() == nameof(ChainOrchestrator.DurableSayHello));
        Assert.Contains(events, e => e.TryGetProperty("Result", out var result) && result.GetString()!.Contains("Hello Surabaya!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetOrchestrationHistoryAsync_ThroughTheGrpcClient_StreamsTheEnginesEventsInOrder()
    {
        // TaskHubGrpcServer streams history only to its worker; the standalone host's subclass serves clients from the engine.
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator.DurableChain), new ChainInput(["Makassar", "Ambon"]));
        await host.WaitForCompletionAsync(id, Timeout);

        var history = await host.Client.GetOrchestrationHistoryAsync(id);

        // Each episode is framed by OrchestratorStarted and OrchestratorCompleted, as the engine records it.
        var steps = history.Where(e => e is not (DurableTask.Core.History.OrchestratorStartedEvent or DurableTask.Core.History.OrchestratorCompletedEvent)).ToList();
        Assert.IsType<DurableTask.Core.History.ExecutionStartedEvent>(steps[0]);
        Assert.IsType<DurableTask.Core.History.ExecutionCompletedEvent>(steps[^1]);
        var scheduled = history.OfType<DurableTask.Core.History.TaskScheduledEvent>().ToList();
        Assert.Equal([nameof(ChainOrchestrator.DurableSayHello), nameof(ChainOrchestrator.DurableSayHello)], scheduled.Select(e => e.Name));
        Assert.Contains(history.OfType<DurableTask.Core.History.TaskCompletedEvent>(), e => e.Result.Contains("Hello Ambon!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_StartAtInFourSeconds_StaysPendingUntilThen()
    {
        await using var host = await StartAsync();
        var startAt = DateTimeOffset.UtcNow.AddSeconds(4);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ChainOrchestrator.DurableChain), new ChainInput(["Bogor"]), new StartOrchestrationOptions { StartAt = startAt });
        var pending = await host.Client.GetInstanceAsync(id);
        var done = await host.WaitForCompletionAsync(id, Timeout);

        // The start message is invisible until the start time, to the queue's whole second (truncated).
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(DateTimeOffset.UtcNow >= startAt.AddSeconds(-1), "The instance ran before its start time.");
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstanceAsync_IdOfARunningInstance_IsRefusedUntilItFinishes()
    {
        await using var host = await StartAsync();
        var id = await StartWaitingAsync(host, "first", "enrolment-42");

        await Assert.ThrowsAsync<DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator.DurableApproval), "second", new StartOrchestrationOptions { InstanceId = id }));
        await host.Client.RaiseEventAsync(id, ApprovalOrchestrator.ApprovalEvent, new Approval("coordinator"));
        await host.WaitForCompletionAsync(id, Timeout);
        await StartWaitingAsync(host, "third", id);

        Assert.Equal("third", (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<string>());
    }

    [Fact]
    public async Task ListInstanceIdsAsync_OnTheStandaloneHost_IsUnimplemented()
    {
        await using var host = await StartAsync();

        var failure = await Assert.ThrowsAsync<RpcException>(() => host.Client.ListInstanceIdsAsync());

        Assert.Equal(StatusCode.Unimplemented, failure.StatusCode);
    }

    [Fact]
    public async Task RewindInstanceAsync_OnTheStandaloneHost_IsNotImplemented()
    {
        await using var host = await StartAsync();
        var id = await StartWaitingAsync(host, "rewound");

        await Assert.ThrowsAsync<NotImplementedException>(() => host.Client.RewindInstanceAsync(id, "retry"));
    }

    private static async Task<string> StartWaitingAsync(DurableTestHost host, string subject, string? instanceId = null)
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ApprovalOrchestrator.DurableApproval), subject, new StartOrchestrationOptions { InstanceId = instanceId });
        await Eventually.TrueAsync(
            async () => (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.SerializedCustomStatus?.Contains("Waiting", StringComparison.Ordinal) == true,
            () => $"{id} never began to wait for its event",
            Timeout);
        return id;
    }

    private static async Task<List<EventType>> HistoryAsync(DurableTestHost host, string id)
    {
        using var history = JsonDocument.Parse(await host.Engine.GetOrchestrationHistoryAsync(id, executionId: null));
        return [.. history.RootElement.EnumerateArray().Select(e => (EventType)e.GetProperty("EventType").GetInt32())];
    }

    private static Task WaitForStatusAsync(DurableTestHost host, string id, OrchestrationRuntimeStatus status) =>
        Eventually.TrueAsync(
            async () => (await host.Client.GetInstanceAsync(id))?.RuntimeStatus == status,
            () => $"{id} never became {status}",
            Timeout);

    private Task<DurableTestHost> StartAsync() =>
        DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.Settings(UniqueName.ForTable("client")));
}
