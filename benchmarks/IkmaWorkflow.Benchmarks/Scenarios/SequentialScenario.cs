using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>sequential</c>: one instance calls 200 activities one after another; from the start request to the instance's
/// completion time. Each step is an activity message, its result message and an episode that commits the history.
/// </summary>
internal static class SequentialScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "sequential";

    private const int Activities = 200;

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(DateTimeOffset.UtcNow, cancellationToken);
        await EngineWarmUp.RunAsync(app, cancellationToken);

        var run = EngineRun.Begin(app, Name);
        var instanceId = run.InstancePrefix + "0";
        await app.Durable.ScheduleNewOrchestrationInstanceAsync(EngineWorkflows.Chain, Activities, new() { InstanceId = instanceId }, cancellationToken);
        var done = await run.WaitAsync(instanceId, EngineWorkflows.ExpectedSum(Activities), cancellationToken);
        return new ScenarioResult([run.Line("activities", Activities, run.Started, done.LastUpdatedAt)], []);
    }
}
