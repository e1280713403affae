using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>An orchestrator that fails with an exception of its own.</summary>
public static class ThrowingOrchestrator
{
    /// <summary>The message of the exception.</summary>
    public const string Message = "The programme has no coordinator.";

    /// <summary>The orchestrator: throws after its first step.</summary>
    [Function(nameof(DurableThrowing))]
    public static async Task<string> DurableThrowing([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        await context.CallActivityAsync<string>(nameof(ChainOrchestrator.DurableSayHello), "Jakarta");
        throw new InvalidOperationException(Message);
    }
}
