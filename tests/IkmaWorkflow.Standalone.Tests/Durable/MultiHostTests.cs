using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using DurableTask.Core.History;
using IkmaWorkflow.Standalone.Durable;
using IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Several hosts on one task hub: partitions shared between them, and taken over from one that dies.</summary>
public sealed class MultiHostTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TwoHosts_OneTaskHub_BothRunWorkAndNoInstanceCompletesTwice()
    {
        // Leases move by stealing (checked every 2 s), not by lapsing; a lapse on a slow machine costs at most the
        // one-minute visibility of the messages the old owner had taken.
        var hub = UniqueName.ForTable("pair");
        var settings = new DurableHostSettings
        {
            HubName = hub,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            PartitionTableOperationTimeout = DurableTestHost.SlowStorage,
            PartitionLeaseAcquireInterval = TimeSpan.FromSeconds(2),
        };
        var ledger = new WorkLedger();
        await using var a = await DurableTestHost.StartAsync(azurite.ConnectionString, settings, Services("a", ledger));
        await using var b = await DurableTestHost.StartAsync(azurite.ConnectionString, settings, Services("b", ledger));
        await Eventually.TrueAsync(
            async () => (await PartitionOwnersAsync(hub)).CountBy(owner => owner).Select(o => o.Value).SequenceEqual([2, 2]),
            () => "the two hosts never shared the four partitions evenly",
            Timeout);

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await a.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TrackedOrchestrator.DurableTracked)));
        }

        foreach (var id in ids)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await b.WaitForCompletionAsync(id, Timeout)).RuntimeStatus);
        }

        // Each instance completed once in storage (its history has one ExecutionCompleted), and its last step ran
        // in one of the hosts; both hosts ran activities and both completed orchestrations.
        foreach (var id in ids)
        {
            Assert.Single(await HistoryAsync(a, id), e => e == EventType.ExecutionCompleted);
        }

        var completions = ledger.Completions.ToList();
        var summary = string.Join(", ", completions.CountBy(c => c.Host).Select(c => $"{c.Key}: {c.Value}"));
        Assert.True(ids.Order().SequenceEqual(completions.Select(c => c.InstanceId).Order()), $"Completions recorded: {completions.Count} for {ids.Count} instances ({summary}).");
        Assert.True(completions.Select(c => c.Host).Distinct().Count() == 2, $"Orchestrations completed per host: {summary}.");
        Assert.Equal(["a", "b"], ledger.Activities.Select(c => c.Host).Distinct().Order());
        output.WriteLine($"Orchestrations completed per host: {summary}; activities per host: {string.Join(", ", ledger.Activities.CountBy(c => c.Host).Select(c => $"{c.Key}: {c.Value}"))}");
    }

    [Fact]
    public async Task AbandonedHost_MidFanOut_AnotherHostFinishesTheFanOutAfterLeasesAndLocksLapse()
    {
        // Durable Functions' smallest control-queue visibility (a minute); short partition leases and activity locks.
        var hub = UniqueName.ForTable("takeover");
        var settings = new DurableHostSettings
        {
            HubName = hub,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
            PartitionTableOperationTimeout = TimeSpan.FromSeconds(5),
            PartitionLeaseInterval = TimeSpan.FromSeconds(10),
            PartitionLeaseAcquireInterval = TimeSpan.FromSeconds(2),
            PartitionLeaseRenewInterval = TimeSpan.FromSeconds(2),
            MaxConcurrentActivityFunctions = 5,
        };
        var ledger = new WorkLedger();
        await using var plug = StoragePlug.Start(azurite.Azurite);
        var doomed = await DurableTestHost.StartAsync(plug.ConnectionString, settings, Services("doomed", ledger));
        try
        {
            var id = await doomed.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SlowFanOutOrchestrator.DurableSlowFanOut), 100);
            await Eventually.TrueAsync(() => ledger.Activities.Count >= 15, () => "the fan-out never got going", Timeout);

            // Storage never hears from the first host again: no lease renewal, no release, no hand-back.
            plug.Pull();
            var doneBeforeKill = ledger.Activities.Count;
            var clock = Stopwatch.StartNew();
            await using var successor = await DurableTestHost.StartAsync(azurite.ConnectionString, settings, Services("successor", ledger));
            var successorWorker = successor.Services.GetRequiredService<DurableWorkerIdentity>().WorkerId;
            await Eventually.TrueAsync(() => ledger.Activities.Any(c => c.Host == "successor"), () => "the successor never ran an activity", Timeout);
            var firstActivity = clock.Elapsed;
            await Eventually.TrueAsync(
                async () => (await PartitionOwnersAsync(hub)).All(owner => owner == successorWorker),
                () => "the successor never took over the dead host's partitions",
                Timeout);
            var partitions = clock.Elapsed;
            var done = await successor.WaitForCompletionAsync(id, Timeout);
            var completed = clock.Elapsed;

            output.WriteLine($"{doneBeforeKill} activities done before the kill; after the successor started: first activity {firstActivity.TotalSeconds:0.0} s, all partitions {partitions.TotalSeconds:0.0} s, fan-out complete {completed.TotalSeconds:0.0} s");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(Enumerable.Range(1, 100).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        }
        finally
        {
            await doomed.AbandonAsync();
        }
    }

    [Fact]
    public async Task StoppedHost_MidFanOut_ReleasesItsPartitionsAtOnceAndTheNextHostFinishes()
    {
        // A graceful stop releases the partitions (leased for 2 minutes here) and hands back the activities it is
        // running. What the engine had just taken from a queue and not yet handed out (prefetched control messages,
        // a dequeue in flight) it does not give back, here as on Durable Functions: those wait out their visibility
        // timeouts, 1 minute and 30 seconds here.
        var hub = UniqueName.ForTable("handover");
        var settings = new DurableHostSettings
        {
            HubName = hub,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            PartitionTableOperationTimeout = DurableTestHost.SlowStorage,
            PartitionLeaseInterval = TimeSpan.FromMinutes(2),
            PartitionLeaseAcquireInterval = TimeSpan.FromSeconds(2),
            MaxConcurrentActivityFunctions = 5,
        };
        var ledger = new WorkLedger();
        var first = await DurableTestHost.StartAsync(azurite.ConnectionString, settings, Services("first", ledger));
        string id;
        try
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SlowFanOutOrchestrator.DurableSlowFanOut), 100);
            await Eventually.TrueAsync(() => ledger.Activities.Count >= 15, () => "the fan-out never got going", Timeout);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var clock = Stopwatch.StartNew();
        await using var next = await DurableTestHost.StartAsync(azurite.ConnectionString, settings, Services("next", ledger));
        var nextWorker = next.Services.GetRequiredService<DurableWorkerIdentity>().WorkerId;
        await Eventually.TrueAsync(
            async () => (await PartitionOwnersAsync(hub)).All(owner => owner == nextWorker),
            () => "the next host did not get the partitions before their leases would have lapsed",
            TimeSpan.FromSeconds(60));
        var partitions = clock.Elapsed;
        var done = await next.WaitForCompletionAsync(id, Timeout);

        output.WriteLine($"after the next host started: all partitions {partitions.TotalSeconds:0.0} s, fan-out complete {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(Enumerable.Range(1, 100).Sum(i => (long)i * i), done.ReadOutputAs<long>());
    }

    private static Action<IServiceCollection> Services(string host, WorkLedger ledger) => services =>
    {
        services.AddSingleton(new HostName(host));
        services.AddSingleton(ledger);
    };

    private async Task<List<string>> PartitionOwnersAsync(string hub)
    {
        var owners = new List<string>();
        await foreach (var lease in new TableClient(azurite.ConnectionString, hub + "Partitions").QueryAsync<TableEntity>())
        {
            owners.Add(lease.GetString("CurrentOwner") ?? string.Empty);
        }

        return owners;
    }

    private static async Task<List<EventType>> HistoryAsync(DurableTestHost host, string id)
    {
        using var history = JsonDocument.Parse(await host.Engine.GetOrchestrationHistoryAsync(id, executionId: null));
        return [.. history.RootElement.EnumerateArray().Select(e => (EventType)e.GetProperty("EventType").GetInt32())];
    }
}
