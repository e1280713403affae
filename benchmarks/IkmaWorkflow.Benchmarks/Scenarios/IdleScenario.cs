using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>idle</c>: the engine's storage transactions per second with nothing to do, over 30 s after a warm-up: its queue
/// polling (every control queue and the work-item queue, backing off up to <c>maxQueuePollingInterval</c>) and its
/// partition and app leases. This is what the polling settings cost around the clock, whatever the load.
/// </summary>
internal static class IdleScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "idle";

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(DateTimeOffset.UtcNow, cancellationToken);
        await EngineWarmUp.RunAsync(app, cancellationToken);

        var run = EngineRun.Begin(app, Name);
        await Task.Delay(Window, cancellationToken);
        var transactions = run.Transactions();
        Progress.Say($"{Name}: {transactions.Total} engine transactions: {transactions.Breakdown()}");
        var line = new JsonObject
        {
            ["scenario"] = Name,
            ["seconds"] = Window.TotalSeconds,
            ["transactionsPerSecond"] = Math.Round(transactions.Total / Window.TotalSeconds, 1),
        };
        return new ScenarioResult([line], []);
    }
}
