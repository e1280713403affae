using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>A fan-out: one activity call per number, all at once, then the sum of their results.</summary>
public static class FanOutOrchestrator
{
    /// <summary>The orchestrator: squares 1..n in parallel and sums them.</summary>
    [Function(nameof(DurableFanOut))]
    public static async Task<long> DurableFanOut([OrchestrationTrigger] TaskOrchestrationContext context, int count)
    {
        var calls = Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>(nameof(DurableSquare), i));
        var squares = await Task.WhenAll(calls);
        return squares.Sum();
    }

    /// <summary>An async static activity returning <c>Task&lt;long&gt;</c>.</summary>
    [Function(nameof(DurableSquare))]
    public static Task<long> DurableSquare([ActivityTrigger] int value) => Task.FromResult((long)value * value);
}
