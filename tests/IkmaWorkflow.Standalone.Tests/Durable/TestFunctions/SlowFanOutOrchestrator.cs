using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>A fan-out of slow activities, long enough to kill its host in the middle of it.</summary>
public static class SlowFanOutOrchestrator
{
    /// <summary>The orchestrator: squares 1..n in parallel, slowly, and sums them.</summary>
    [Function(nameof(DurableSlowFanOut))]
    public static async Task<long> DurableSlowFanOut([OrchestrationTrigger] TaskOrchestrationContext context, int count)
    {
        var calls = Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>(nameof(TrackedActivity.DurableSlowSquare), i));
        var squares = await Task.WhenAll(calls);
        return squares.Sum();
    }
}
