using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>events</c>: 500 external events raised, 16 at a time, into one running instance that waits for them one after
/// another; from the first raise to the instance's completion time. The window opens once the instance runs, so its
/// start is not in it.
/// </summary>
internal static class EventsScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "events";

    private const int Events = 500;
    private const int Raisers = 16;

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(DateTimeOffset.UtcNow, cancellationToken);
        await EngineWarmUp.RunAsync(app, cancellationToken);

        var instanceId = $"{Name}-{Guid.NewGuid():N}";
        await app.Durable.ScheduleNewOrchestrationInstanceAsync(EngineWorkflows.EventLoop, Events, new() { InstanceId = instanceId }, cancellationToken);
        await app.Durable.WaitForInstanceStartAsync(instanceId, cancellationToken);

        var run = EngineRun.Begin(app, Name);
        await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = Raisers, CancellationToken = cancellationToken }, async (i, ct) =>
            await app.Durable.RaiseEventAsync(instanceId, EngineWorkflows.Tick, i, ct));
        var done = await run.WaitAsync(instanceId, EngineWorkflows.ExpectedSum(Events), cancellationToken);
        var line = run.Line("events", Events, run.Started, done.LastUpdatedAt, new JsonObject { ["instances"] = 1 });
        return new ScenarioResult([line], []);
    }
}
