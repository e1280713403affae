using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Calls an instance activity that uses DI services.</summary>
public static class GreetingOrchestrator
{
    /// <summary>The orchestrator: greets its input.</summary>
    [Function(nameof(DurableGreeting))]
    public static Task<string> DurableGreeting([OrchestrationTrigger] TaskOrchestrationContext context, string name) =>
        context.CallActivityAsync<string>(nameof(GreetingActivity.DurableGreet), name);
}
