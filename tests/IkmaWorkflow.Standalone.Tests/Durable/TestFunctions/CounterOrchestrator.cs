using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Counts to a limit with one execution per step through ContinueAsNew, calling an activity in each.</summary>
public static class CounterOrchestrator
{
    /// <summary>The last value; the orchestration completes with it.</summary>
    public const int Limit = 5;

    /// <summary>The orchestrator: one step per execution.</summary>
    [Function(nameof(DurableCounter))]
    public static async Task<int> DurableCounter([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var value = context.GetInput<int>();
        var next = await context.CallActivityAsync<int>(nameof(DurableIncrement), value);
        if (next < Limit)
        {
            context.ContinueAsNew(next);
        }

        return next;
    }

    /// <summary>A static activity.</summary>
    [Function(nameof(DurableIncrement))]
    public static int DurableIncrement([ActivityTrigger] int value) => value + 1;
}
