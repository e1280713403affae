using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Waits on a durable timer; its input arrives in a parameter, as Durable Functions binds it.</summary>
public static class TimerOrchestrator
{
    /// <summary>The orchestrator: waits <paramref name="seconds"/> seconds and returns how long the orchestration clock says it waited.</summary>
    [Function(nameof(DurableTimer))]
    public static async Task<double> DurableTimer([OrchestrationTrigger] TaskOrchestrationContext context, int seconds)
    {
        var start = context.CurrentUtcDateTime;
        await context.CreateTimer(start.AddSeconds(seconds), CancellationToken.None);
        return (context.CurrentUtcDateTime - start).TotalSeconds;
    }
}
