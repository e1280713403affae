using System.Globalization;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.DurableTask.History;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>What a scenario measured.</summary>
/// <param name="Activities">Activities run (events delivered for <c>events</c>, instances started for <c>idle</c>).</param>
/// <param name="Elapsed">From the window's start to the runtime's timestamp of the last completion.</param>
/// <param name="LatenciesMs">The latencies the scenario reports percentiles of.</param>
/// <param name="Window">Transactions and memory of the window.</param>
/// <param name="Note">A diagnostic for stderr, or null.</param>
internal sealed record ScenarioMeasurement(int Activities, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, WindowResult Window, string? Note = null);

/// <summary>The scenarios. Each opens its window just before its first request and closes it once it sees the work done.</summary>
internal static class Scenarios
{
    public const string Sequential = "sequential";
    public const string FanOut = "fanout";
    public const string Concurrent = "concurrent";
    public const string Events = "events";
    public const string Idle = "idle";

    public static readonly string[] All = [Sequential, FanOut, Concurrent, Events, Idle];

    private const int SequentialActivities = 200;
    private const int FanOutActivities = 1000;
    private const int ConcurrentInstances = 200;
    private const int ChainLength = 5;
    private const int EventCount = 500;
    private const int EventConcurrency = 16;
    private const int StartConcurrency = 32;
    private const int SleepMinutes = 60;

    private static readonly TimeSpan InstancePollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan QueryPollInterval = TimeSpan.FromMilliseconds(500);

    // Azurite answers a table query by filtering the whole table and sorting the matches; with 10,000 instances the
    // driver's poll for pending ones must not take much of Azurite's one thread from the workers.
    private static readonly TimeSpan IdlePollInterval = TimeSpan.FromSeconds(2);

    public static Task<ScenarioMeasurement> RunAsync(string scenario, ScenarioSession session, BenchmarkArguments arguments, CancellationToken cancellationToken) => scenario switch
    {
        Sequential => RunSingleInstanceAsync(session, BenchmarkWorkflows.Sequence, SequentialActivities, SumBelow(SequentialActivities), cancellationToken),
        FanOut => RunSingleInstanceAsync(session, BenchmarkWorkflows.FanOut, FanOutActivities, SumBelow(FanOutActivities), cancellationToken),
        Concurrent => RunConcurrentAsync(session, cancellationToken),
        Events => RunEventsAsync(session, cancellationToken),
        Idle => RunIdleAsync(session, arguments.IdleInstances, arguments.IdleSettle, cancellationToken),
        _ => throw new ArgumentException($"Unknown scenario '{scenario}'.", nameof(scenario)),
    };

    // sequential, fanout: one instance; latency per activity from the episode that scheduled it to the one that
    // received its result.
    private static async Task<ScenarioMeasurement> RunSingleInstanceAsync(ScenarioSession session, string orchestrator, int activities, long expected, CancellationToken cancellationToken)
    {
        await session.StartWindowAsync(cancellationToken);
        var id = await session.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, activities, cancellation: cancellationToken);
        var done = await WaitForCompletionAsync(session.Client, id, cancellationToken);
        var window = await session.EndWindowAsync(cancellationToken);

        RequireCompleted(done);
        if (done.ReadOutputAs<long>() != expected)
        {
            throw new InvalidOperationException($"Instance {id} returned {done.SerializedOutput}, not {expected}.");
        }

        var history = await session.Client.GetHistoryAsync(id, cancellationToken);
        return new ScenarioMeasurement(activities, done.CompletedAt!.Value - session.WindowStart, ActivityLatencies(history), window, DescribeEpisodes(history));
    }

    // concurrent: 200 five-activity chains started at once; latency per instance from creation to completion.
    private static async Task<ScenarioMeasurement> RunConcurrentAsync(ScenarioSession session, CancellationToken cancellationToken)
    {
        await session.StartWindowAsync(cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, ConcurrentInstances).Select(i => session.Client.ScheduleNewOrchestrationInstanceAsync(
            BenchmarkWorkflows.Sequence, ChainLength, new StartOrchestrationOptions($"chain-{i:D5}"), cancellationToken)));
        await WaitUntilNoneAsync(session.Client, BenchmarkWorkflows.Sequence, [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], QueryPollInterval, cancellationToken);
        var window = await session.EndWindowAsync(cancellationToken);

        var instances = await ListAsync(session.Client, BenchmarkWorkflows.Sequence, fetchOutputs: true, cancellationToken);
        RequireCount(instances, ConcurrentInstances);
        foreach (var instance in instances)
        {
            RequireCompleted(instance);
            if (instance.ReadOutputAs<long>() != SumBelow(ChainLength))
            {
                throw new InvalidOperationException($"Instance {instance.InstanceId} returned {instance.SerializedOutput}, not {SumBelow(ChainLength)}.");
            }
        }

        var last = instances.Max(i => i.CompletedAt!.Value);
        return new ScenarioMeasurement(
            ConcurrentInstances * ChainLength,
            last - session.WindowStart,
            [.. instances.Select(i => (i.CompletedAt!.Value - i.CreatedAt).TotalMilliseconds)],
            window);
    }

    // events: one instance waits for 500 events in a loop, raised 16 at a time; latency per event from the raise (the
    // client's timestamp) to the episode that received it.
    private static async Task<ScenarioMeasurement> RunEventsAsync(ScenarioSession session, CancellationToken cancellationToken)
    {
        var id = await session.Client.ScheduleNewOrchestrationInstanceAsync(BenchmarkWorkflows.EventLoop, EventCount, cancellation: cancellationToken);
        await session.Client.WaitForInstanceStartAsync(id, cancellation: cancellationToken);

        await session.StartWindowAsync(cancellationToken);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, EventCount),
            new ParallelOptions { MaxDegreeOfParallelism = EventConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => await session.Client.RaiseEventAsync(id, BenchmarkWorkflows.TickEvent, i, ct));
        var done = await WaitForCompletionAsync(session.Client, id, cancellationToken);
        var window = await session.EndWindowAsync(cancellationToken);

        RequireCompleted(done);
        if (done.ReadOutputAs<int>() != EventCount)
        {
            throw new InvalidOperationException($"Instance {id} received {done.SerializedOutput} events, not {EventCount}.");
        }

        var history = await session.Client.GetHistoryAsync(id, cancellationToken);
        return new ScenarioMeasurement(EventCount, done.CompletedAt!.Value - session.WindowStart, EventLatencies(history), window, DescribeEpisodes(history));
    }

    // idle: instances that each wait on a one-hour timer. Elapsed is the time to get them all running (first episode
    // committed, timer set); the window then stays open for the settle time, so the working set is read with every
    // instance idle. Latency per instance from creation to its first committed episode.
    private static async Task<ScenarioMeasurement> RunIdleAsync(ScenarioSession session, int count, TimeSpan settle, CancellationToken cancellationToken)
    {
        await session.StartWindowAsync(cancellationToken);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => await session.Client.ScheduleNewOrchestrationInstanceAsync(BenchmarkWorkflows.Sleeper, SleepMinutes, new StartOrchestrationOptions($"sleeper-{i:D6}"), ct));
        await WaitUntilNoneAsync(session.Client, BenchmarkWorkflows.Sleeper, [OrchestrationRuntimeStatus.Pending], IdlePollInterval, cancellationToken);
        await Task.Delay(settle, cancellationToken);
        var window = await session.EndWindowAsync(cancellationToken);

        var instances = await ListAsync(session.Client, BenchmarkWorkflows.Sleeper, fetchOutputs: false, cancellationToken);
        RequireCount(instances, count);
        if (instances.FirstOrDefault(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Running) is { } odd)
        {
            throw new InvalidOperationException($"Instance {odd.InstanceId} is {odd.RuntimeStatus}, not Running on its timer.");
        }

        var last = instances.Max(i => i.LastUpdatedAt);
        return new ScenarioMeasurement(count, last - session.WindowStart, [.. instances.Select(i => (i.LastUpdatedAt - i.CreatedAt).TotalMilliseconds)], window);
    }

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Instance {instanceId} does not exist.");
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(InstancePollInterval, cancellationToken);
        }
    }

    private static async Task WaitUntilNoneAsync(DurableTaskClient client, string name, OrchestrationRuntimeStatus[] statuses, TimeSpan interval, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { Name = name, Statuses = statuses, PageSize = 1 };
        while (true)
        {
            var any = false;
            await foreach (var _ in client.GetAllInstancesAsync(query, cancellationToken))
            {
                any = true;
                break;
            }

            if (!any)
            {
                return;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private static async Task<List<OrchestrationMetadata>> ListAsync(DurableTaskClient client, string name, bool fetchOutputs, CancellationToken cancellationToken)
    {
        var list = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { Name = name, PageSize = 1000, FetchInputsAndOutputs = fetchOutputs }, cancellationToken))
        {
            list.Add(instance);
        }

        return list;
    }

    /// <summary>Per activity: from the episode that scheduled it to the episode that received its result.</summary>
    internal static List<double> ActivityLatencies(IReadOnlyList<HistoryEvent> history)
    {
        var latencies = new List<double>();
        var scheduledAt = new Dictionary<int, DateTime>();
        var episode = DateTime.MinValue;
        foreach (var e in history)
        {
            switch (e)
            {
                case OrchestratorStarted started:
                    episode = started.Timestamp;
                    break;
                case TaskScheduled scheduled:
                    scheduledAt[scheduled.TaskId] = episode;
                    break;
                case TaskCompleted completed when scheduledAt.TryGetValue(completed.TaskId, out var at):
                    latencies.Add((episode - at).TotalMilliseconds);
                    break;
            }
        }

        return latencies;
    }

    /// <summary>Per event: from the client's raise to the episode that received it.</summary>
    internal static List<double> EventLatencies(IReadOnlyList<HistoryEvent> history)
    {
        var latencies = new List<double>();
        var episode = DateTime.MinValue;
        foreach (var e in history)
        {
            switch (e)
            {
                case OrchestratorStarted started:
                    episode = started.Timestamp;
                    break;
                case EventRaised raised:
                    latencies.Add((episode - raised.Timestamp).TotalMilliseconds);
                    break;
            }
        }

        return latencies;
    }

    /// <summary>How many episodes the instance took and how long they were apart.</summary>
    private static string DescribeEpisodes(IReadOnlyList<HistoryEvent> history)
    {
        var starts = history.OfType<OrchestratorStarted>().Select(e => e.Timestamp).ToList();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        return gaps.Count == 0
            ? $"{starts.Count} episode, {history.Count} history events"
            : string.Create(CultureInfo.InvariantCulture, $"{starts.Count} episodes, {history.Count} history events; episode starts apart: first {gaps[0]:0} ms, mean {gaps.Average():0} ms, max {gaps.Max():0} ms");
    }

    private static void RequireCompleted(OrchestrationMetadata instance)
    {
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"Instance {instance.InstanceId} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        }
    }

    private static void RequireCount(List<OrchestrationMetadata> instances, int expected)
    {
        if (instances.Count != expected)
        {
            throw new InvalidOperationException($"Found {instances.Count} instances, not {expected}.");
        }
    }

    private static long SumBelow(int count) => (long)count * (count - 1) / 2;
}
