using System.Diagnostics;
using Azure.Data.Tables;
using IkmaWorkflow.CustomHandler.Storage;
using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>
/// One task hub of a test on a shared Azurite: a client on it, the folder its host processes write their work logs
/// to, and the hosts started on it. Disposing it kills the hosts still running and deletes the folder.
/// </summary>
internal sealed class TaskHub : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _storage;
    private readonly ServiceProvider _services;
    private readonly List<HostProcess> _hosts = [];

    private TaskHub(string storage, string name, string dataDirectory, ServiceProvider services)
    {
        _storage = storage;
        Name = name;
        DataDirectory = dataDirectory;
        _services = services;
        Client = services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The task hub name.</summary>
    public string Name { get; }

    /// <summary>Where the hosts write their work logs.</summary>
    public string DataDirectory { get; }

    /// <summary>A client on the hub, made as the app makes its clients. It registers no orchestrator: it runs none.</summary>
    public DurableTaskClient Client { get; }

    public static TaskHub Create(string storage)
    {
        var name = UniqueName.ForTable("pc");
        var services = new ServiceCollection()
            .AddSingleton(new TableServiceClient(storage))
            .AddSingleton(StorageClients.CreateQueueService(storage))
            .AddSingleton(StorageClients.CreateBlobService(storage))
            .AddLogging()
            .AddDurableTask(new DurableTaskOptions { HubName = name }, _ => { })
            .BuildServiceProvider();
        return new TaskHub(storage, name, Directory.CreateTempSubdirectory("ikma-process-tests-").FullName, services);
    }

    /// <summary>Starts a host on the hub; see <see cref="HostProcess.StartAsync"/>.</summary>
    public async Task<HostProcess> StartHostAsync(string name, string? crashAt = null, int crashOnHit = 1)
    {
        var host = await HostProcess.StartAsync(name, _storage, Name, DataDirectory, crashAt, crashOnHit);
        lock (_hosts)
        {
            _hosts.Add(host);
        }

        return host;
    }

    /// <summary>The work log <paramref name="host"/> wrote so far.</summary>
    public WorkLogFile ReadLog(HostProcess host) => WorkLogFile.Read(DataDirectory, host.Id);

    /// <summary>Starts the instances and raises the approval events they wait for.</summary>
    public async Task ScheduleAsync(IReadOnlyList<PlannedInstance> instances)
    {
        foreach (var instance in instances)
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(instance.Orchestrator, instance.Input, new StartOrchestrationOptions(instance.InstanceId) { Version = string.Empty });
        }

        foreach (var instance in instances.Where(i => i.ApprovalValue is not null))
        {
            await Client.RaiseEventAsync(instance.InstanceId, "Approval", instance.ApprovalValue);
        }
    }

    /// <summary>How many of <paramref name="instances"/> have not finished.</summary>
    public async Task<int> CountUnfinishedAsync(IReadOnlyList<PlannedInstance> instances)
    {
        var unfinished = 0;
        foreach (var instance in instances)
        {
            if (await Client.GetInstanceAsync(instance.InstanceId) is not { IsCompleted: true })
            {
                unfinished++;
            }
        }

        return unfinished;
    }

    /// <summary>
    /// Waits until every instance has finished, failing the test when <paramref name="timeout"/> passes first or one
    /// of <paramref name="hosts"/> exits (they should run until the test is done).
    /// </summary>
    public async Task WaitForAllAsync(IReadOnlyList<PlannedInstance> instances, TimeSpan timeout, params HostProcess[] hosts)
    {
        var watch = Stopwatch.StartNew();
        var pending = instances.Select(i => i.InstanceId).ToList();
        var statuses = new Dictionary<string, string>();
        while (true)
        {
            foreach (var id in pending.ToList())
            {
                var metadata = await Client.GetInstanceAsync(id);
                statuses[id] = metadata?.RuntimeStatus.ToString() ?? "missing";
                if (metadata is { IsCompleted: true })
                {
                    pending.Remove(id);
                }
            }

            if (pending.Count == 0)
            {
                return;
            }

            if (hosts.FirstOrDefault(h => h.HasExited) is { } exited)
            {
                Assert.Fail($"Host {exited.Name} exited while {pending.Count} instances were unfinished. {exited.Describe()}");
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail(
                    $"{pending.Count} of {instances.Count} instances did not finish within {timeout.TotalSeconds:0} s: " +
                    string.Join(", ", pending.Select(id => $"{id} ({statuses[id]})")) + Environment.NewLine +
                    string.Join(Environment.NewLine, hosts.Select(h => h.Describe())));
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Checks every instance (and its sub-orchestrations): Completed with the expected output, each history event
    /// once, every step it scheduled completed, the steps its shape takes; and that the activities in the work logs
    /// ran exactly under the idempotency keys of the steps history records, each at least once to the end.
    /// </summary>
    public async Task VerifyAsync(IReadOnlyList<PlannedInstance> instances, IReadOnlyList<WorkLogFile> logs)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var history = await VerifyInstanceAsync(instance.InstanceId, instance.Output, keys);
            var scheduled = history.OfType<TaskScheduled>().Count();
            switch (instance.Orchestrator)
            {
                case "Chain":
                    Assert.Equal(3, scheduled);
                    break;
                case "FanOut":
                    Assert.Equal(instance.Input, scheduled);
                    break;
                case "Sleeper":
                    Assert.Equal(1, scheduled);
                    Assert.Single(history.OfType<TimerFired>());
                    break;
                case "Approval":
                    Assert.Equal(1, scheduled);
                    Assert.Equal("Approval", Assert.Single(history.OfType<EventRaised>()).Name);
                    break;
                case "Nested":
                    var child = Assert.Single(history.OfType<SubOrchestrationCreated>());
                    Assert.Equal(0, scheduled);
                    var childHistory = await VerifyInstanceAsync(child.InstanceId, instance.Output / 2, keys);
                    Assert.Equal(3, childHistory.OfType<TaskScheduled>().Count());
                    break;
                default:
                    Assert.Fail($"The test plans an orchestrator it has no checks for: {instance.Orchestrator}.");
                    break;
            }
        }

        var finished = logs.SelectMany(l => l.Finished).ToHashSet(StringComparer.Ordinal);
        var started = logs.SelectMany(l => l.Started).ToHashSet(StringComparer.Ordinal);
        Assert.True(keys.SetEquals(finished), Difference("activities that history records vs. activities that ran to the end", keys, finished));
        Assert.True(started.IsSubsetOf(keys), Difference("activities that history records vs. activities that began", keys, started));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _services.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
    }

    // Status and output, each event once, and every scheduled step completed. Adds the idempotency keys of the
    // instance's activity steps to keys.
    private async Task<IReadOnlyList<HistoryEvent>> VerifyInstanceAsync(string instanceId, int output, HashSet<string> keys)
    {
        var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.NotNull(metadata);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instanceId} is {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        Assert.Equal(output, metadata.ReadOutputAs<int>());

        var history = await Client.GetHistoryAsync(instanceId);
        var started = Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, Assert.Single(history.OfType<ExecutionCompleted>()).Status);
        var repeated = history.OfType<TaskEvent>().GroupBy(e => (Kind: e.GetType().Name, e.TaskId)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Kind} #{g.Key.TaskId} x{g.Count()}")
            .Concat(history.OfType<EventRaised>().GroupBy(e => e.EventId).Where(g => g.Count() > 1).Select(g => $"EventRaised {g.Key} x{g.Count()}"))
            .ToList();
        Assert.True(repeated.Count == 0, $"{instanceId} has events in its history more than once: {string.Join(", ", repeated)}");
        Assert.Empty(history.OfType<TaskFailed>());
        Assert.Empty(history.OfType<SubOrchestrationFailed>());
        AssertSameSteps<TaskScheduled, TaskCompleted>(instanceId, history);
        AssertSameSteps<TimerCreated, TimerFired>(instanceId, history);
        AssertSameSteps<SubOrchestrationCreated, SubOrchestrationCompleted>(instanceId, history);

        keys.UnionWith(history.OfType<TaskScheduled>().Select(s => $"{instanceId}:{started.ExecutionId}:{s.TaskId}"));
        return history;
    }

    private static void AssertSameSteps<TScheduled, TDone>(string instanceId, IReadOnlyList<HistoryEvent> history)
        where TScheduled : TaskEvent
        where TDone : TaskEvent
    {
        var scheduled = history.OfType<TScheduled>().Select(e => e.TaskId).Order().ToList();
        var done = history.OfType<TDone>().Select(e => e.TaskId).Order().ToList();
        Assert.True(scheduled.SequenceEqual(done), $"{instanceId}: {typeof(TScheduled).Name} #{string.Join(",", scheduled)} but {typeof(TDone).Name} #{string.Join(",", done)}");
    }

    private static string Difference(string what, HashSet<string> expected, HashSet<string> actual) =>
        $"{what} differ. Only in history: [{string.Join(", ", expected.Except(actual).Order())}]; only in the work logs: [{string.Join(", ", actual.Except(expected).Order())}]";
}
