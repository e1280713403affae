using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Hosting;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// The window of one engine scenario: the engine's storage transactions from <see cref="Begin"/> until the driver has
/// seen the work done, and waits for instances through the app's durable client.
/// </summary>
/// <remarks>
/// Durations end at the engine's own completion time of the last instance (<see cref="OrchestrationMetadata.LastUpdatedAt"/>,
/// on this machine's clock), so the driver's polling interval does not add to them; the polls themselves (a point
/// read, or a query page, each) are storage transactions and are counted.
/// </remarks>
internal sealed class EngineRun
{
    private static readonly TimeSpan InstancePoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan QueryPoll = TimeSpan.FromMilliseconds(500);

    private readonly BenchmarkApp _app;
    private readonly TransactionCount _before;

    private EngineRun(BenchmarkApp app, string name)
    {
        _app = app;
        Name = name;
        InstancePrefix = $"{name}-{Guid.NewGuid():N}-";
        _before = app.Transactions.Snapshot();
        Started = DateTimeOffset.UtcNow;
    }

    /// <summary>The scenario.</summary>
    public string Name { get; }

    /// <summary>The prefix of this run's instance ids.</summary>
    public string InstancePrefix { get; }

    /// <summary>When the window opened.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Opens the window: counts from now.</summary>
    public static EngineRun Begin(BenchmarkApp app, string name) => new(app, name);

    /// <summary>The engine's transactions since the window opened.</summary>
    public TransactionCount Transactions() => _app.Transactions.Snapshot().Since(_before);

    /// <summary>Waits until <paramref name="instanceId"/> has finished; it must have completed with <paramref name="expected"/>.</summary>
    /// <exception cref="BenchmarkException">It failed, was terminated, or answered something else.</exception>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, long expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            var instance = await _app.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is { IsCompleted: true })
            {
                Check(instance, expected);
                return instance;
            }

            await Task.Delay(InstancePoll, cancellationToken);
        }
    }

    /// <summary>Waits until none of this run's <paramref name="count"/> instances runs; each must have completed with <paramref name="expected"/>.</summary>
    /// <exception cref="BenchmarkException">One failed or answered something else, or some are missing.</exception>
    public async Task<IReadOnlyList<OrchestrationMetadata>> WaitAllAsync(int count, long expected, CancellationToken cancellationToken)
    {
        var open = new OrchestrationQuery { InstanceIdPrefix = InstancePrefix, Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running], PageSize = 1000 };
        while (await CountAsync(open, cancellationToken) > 0)
        {
            await Task.Delay(QueryPoll, cancellationToken);
        }

        var all = new List<OrchestrationMetadata>(count);
        await foreach (var instance in _app.Durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = InstancePrefix, FetchInputsAndOutputs = true, PageSize = 1000 }).WithCancellation(cancellationToken))
        {
            Check(instance, expected);
            all.Add(instance);
        }

        return all.Count == count ? all : throw new BenchmarkException($"{Name}: {all.Count} instances found instead of {count}.");
    }

    /// <summary>
    /// The scenario's line: <paramref name="units"/> of work (<paramref name="unitName"/>: activities or events) done
    /// from <paramref name="from"/> to <paramref name="until"/>, with the window's transactions per unit; the
    /// breakdown goes to the progress log.
    /// </summary>
    public JsonObject Line(string unitName, int units, DateTimeOffset from, DateTimeOffset until, JsonObject? extra = null)
    {
        var transactions = Transactions();
        var seconds = (until - from).TotalSeconds;
        var perUnit = unitName == "events" ? "transactionsPerEvent" : "transactionsPerActivity";
        Progress.Say($"{Name}: {transactions.Total} engine transactions: {transactions.Breakdown()}");
        var line = new JsonObject { ["scenario"] = Name };
        foreach (var (key, value) in extra ?? [])
        {
            line[key] = value?.DeepClone();
        }

        line[unitName] = units;
        line["seconds"] = Math.Round(seconds, 2);
        line["perSecond"] = Math.Round(units / seconds, 1);
        line[perUnit] = Math.Round((double)transactions.Total / units, 2);
        return line;
    }

    private async Task<int> CountAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in _app.Durable.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            count++;
        }

        return count;
    }

    private void Check(OrchestrationMetadata instance, long expected)
    {
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new BenchmarkException($"{Name}: instance {instance.InstanceId} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        }

        var output = instance.ReadOutputAs<long>();
        if (output != expected)
        {
            throw new BenchmarkException($"{Name}: instance {instance.InstanceId} answered {output} instead of {expected}: work was lost or done twice.");
        }
    }
}
