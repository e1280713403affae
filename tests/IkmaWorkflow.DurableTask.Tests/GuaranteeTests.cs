using Azure.Data.Tables;
using Azure.Storage.Queues;
using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>The runtime's guarantees that go beyond the patterns, on Azurite.</summary>
public sealed class GuaranteeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task LargeResultAndEvent_AboveMessageLimit_ReachTheOrchestrationIntact()
    {
        var report = new string('r', 200_000);
        var photoList = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"foto-{i}"));
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, UniqueName.ForTable("p"), r => r
            .AddActivityFunc<object?, string>("ClosingReport", (_, _) => Task.FromResult(report))
            .AddOrchestratorFunc<object?, string>("Closing", async (context, _) =>
            {
                var text = await context.CallActivityAsync<string>("ClosingReport");
                var photos = await context.WaitForExternalEvent<string>("Documentation");
                return $"{text.Length}|{photos.Length}|{photos[^10..]}";
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Closing");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.RaiseEventAsync(id, "Documentation", photoList);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"{report.Length}|{photoList.Length}|{photoList[^10..]}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Timer_LongerThanOneQueueHop_ChainedAndFiresOnTime()
    {
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, UniqueName.ForTable("t"), r => r
            .AddOrchestratorFunc<object?, DateTime>("LongSleep", async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromSeconds(6), CancellationToken.None);
                return context.CurrentUtcDateTime;
            }),
            maxTimerHop: TimeSpan.FromSeconds(1));

        var done = await host.RunAsync("LongSleep");

        var fireAt = (await host.Client.GetHistoryAsync(done.InstanceId)).OfType<TimerCreated>().Single().FireAt;
        Assert.True(done.ReadOutputAs<DateTime>() >= fireAt, "the chained timer fired early");
        Assert.True(done.CompletedAt!.Value.UtcDateTime < fireAt.AddSeconds(5), "the chained timer fired far too late");
    }

    [Fact]
    public async Task LocalActivities_FanOutCompleted_LeavesNoGuardOrOtherMessageBehind()
    {
        var hub = UniqueName.ForTable("g");
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddActivityFunc<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestratorFunc<int, int>("Doubles", async (context, n) =>
                (await Task.WhenAll(Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("Double", i)))).Sum()));

        var done = await host.RunAsync("Doubles", 50);

        Assert.Equal(2 * 50 * 51 / 2, done.ReadOutputAs<int>());

        // Invisible messages count too: a guard left behind would show here.
        var orchestrations = new QueueClient(azurite.ConnectionString, hub + "-orchestrations");
        var activities = new QueueClient(azurite.ConnectionString, hub + "-activities");
        Assert.True(
            await DurableTestHost.EventuallyAsync(async () =>
                (await orchestrations.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 && (await activities.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0),
            "messages stayed in the task hub's queues after the instance completed");
    }

    [Fact]
    public async Task LocalActivity_RunningLongerThanItsLease_GuardRenewedAndRunsOnce()
    {
        var runs = 0;
        var hub = UniqueName.ForTable("l");
        await using var host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            hub,
            r => r
                .AddActivityFunc<object?, int>("PrintCertificates", async (_, _) =>
                {
                    Interlocked.Increment(ref runs);
                    await Task.Delay(TimeSpan.FromSeconds(7));
                    return 40;
                })
                .AddOrchestratorFunc<object?, int>("Closing", (context, _) => context.CallActivityAsync<int>("PrintCertificates")),
            configure: o => o.LocalActivityLease = TimeSpan.FromSeconds(2));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Closing");

        // The state names the guard covering the running activity; a lapsed guard would be replaced by a new one.
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(hub + "Instances");
        var guards = new HashSet<string>();
        OrchestrationMetadata? done = null;
        for (var polls = 0; polls < 300 && done is null; polls++)
        {
            var state = (await table.GetEntityAsync<TableEntity>(id, "!")).Value;
            if (state.GetString("LocalGuards") is { Length: > 0 } recorded)
            {
                guards.Add(recorded);
            }

            var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            done = metadata!.IsCompleted ? metadata : null;
            await Task.Delay(100);
        }

        Assert.NotNull(done);
        Assert.Equal(40, done.ReadOutputAs<int>());
        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.Single(guards);
    }

    [Fact]
    public async Task PoisonMessage_RepeatedFailure_MovedToPoisonQueueAndInstanceFailedWithReason()
    {
        var hub = UniqueName.ForTable("x");
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddOrchestratorFunc<object?, int>("Waiter", (context, _) => context.WaitForExternalEvent<int>("Go")),
            maxDequeueCount: 3);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);
        await Task.Delay(500);

        // Damage the instance's history so every attempt to process its next message fails.
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(hub + "Instances");
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == id))
        {
            if (row.RowKey != "!")
            {
                row["Events0"] = new byte[] { 1, 2, 3 };
                await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
            }
        }

        await host.Client.RaiseEventAsync(id, "Go", 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonMessage", done.FailureDetails!.ErrorType);
        Assert.Contains("failed 3 times", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var poison = new QueueClient(azurite.ConnectionString, hub + "-orchestrations-poison");
        Assert.True(await DurableTestHost.EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessageAsync()).Value is not null), "the message never reached the poison queue");
    }

    [Fact]
    public async Task TwoHostsOneHub_ManyInstances_EachCompletesWithNoDuplicateHistory()
    {
        var hub = UniqueName.ForTable("d");
        static void Register(DurableTaskRegistry r) => r
            .AddActivityFunc<int, int>("Step", (_, n) => Task.FromResult(n + 1))
            .AddOrchestratorFunc<int, int>("Chain5", async (context, n) =>
            {
                for (var i = 0; i < 5; i++)
                {
                    n = await context.CallActivityAsync<int>("Step", n);
                }

                return n;
            });
        await using var first = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, Register);
        await using var second = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, Register);

        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await (i % 2 == 0 ? first : second).Client.ScheduleNewOrchestrationInstanceAsync("Chain5", i * 10));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        for (var i = 0; i < ids.Count; i++)
        {
            var done = await first.Client.WaitForInstanceCompletionAsync(ids[i], getInputsAndOutputs: true, timeout.Token);
            Assert.Equal((i * 10) + 5, done.ReadOutputAs<int>());
            var history = await first.Client.GetHistoryAsync(ids[i]);
            Assert.Equal([0, 1, 2, 3, 4], history.OfType<TaskCompleted>().Select(c => c.TaskId));
            Assert.Equal(5, history.OfType<TaskScheduled>().Count());
            Assert.Single(history.OfType<ExecutionCompleted>());
        }
    }
}
