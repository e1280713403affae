using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>concurrent</c>: 200 instances of a chain of 5 activities, all started at once; from the first start request to
/// the last instance's completion time.
/// </summary>
internal static class ConcurrentScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "concurrent";

    private const int Instances = 200;
    private const int Steps = 5;

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(DateTimeOffset.UtcNow, cancellationToken);
        await EngineWarmUp.RunAsync(app, cancellationToken);

        var run = EngineRun.Begin(app, Name);
        await Task.WhenAll(Enumerable.Range(0, Instances).Select(i =>
            app.Durable.ScheduleNewOrchestrationInstanceAsync(EngineWorkflows.Chain, Steps, new() { InstanceId = $"{run.InstancePrefix}{i:D3}" }, cancellationToken)));
        var all = await run.WaitAllAsync(Instances, EngineWorkflows.ExpectedSum(Steps), cancellationToken);
        var spans = all.Select(i => (i.LastUpdatedAt - i.CreatedAt).TotalSeconds).Order().ToList();
        var starts = all.Select(i => (i.CreatedAt - run.Started).TotalSeconds).Order().ToList();
        Progress.Say($"{Name}: per instance, created to completed: min {spans[0]:0.00} s, median {spans[spans.Count / 2]:0.00} s, max {spans[^1]:0.00} s; created from {starts[0]:0.00} s to {starts[^1]:0.00} s");
        var line = run.Line("activities", Instances * Steps, run.Started, all.Max(i => i.LastUpdatedAt), new JsonObject { ["instances"] = Instances });
        return new ScenarioResult([line], []);
    }
}
