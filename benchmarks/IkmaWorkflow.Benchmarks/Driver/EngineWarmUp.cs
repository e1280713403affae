using IkmaWorkflow.Benchmarks.Hosting;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>Runs each engine workflow once, small, before a window opens, so the window measures no JIT or first connection.</summary>
internal static class EngineWarmUp
{
    private const int Size = 3;

    /// <summary>Runs a chain and a fan-out of three on <paramref name="app"/> and waits for both.</summary>
    public static async Task RunAsync(BenchmarkApp app, CancellationToken cancellationToken)
    {
        var run = EngineRun.Begin(app, "warm-up");
        foreach (var orchestrator in new[] { EngineWorkflows.Chain, EngineWorkflows.FanOut })
        {
            var instanceId = run.InstancePrefix + orchestrator;
            await app.Durable.ScheduleNewOrchestrationInstanceAsync(orchestrator, Size, new() { InstanceId = instanceId }, cancellationToken);
            await run.WaitAsync(instanceId, EngineWorkflows.ExpectedSum(Size), cancellationToken);
        }
    }
}
