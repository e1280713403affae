using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>An activity chain: one call per city, in order, each result appended.</summary>
public static class ChainOrchestrator
{
    /// <summary>The orchestrator; its input is read with <c>GetInput&lt;T&gt;</c>, as app orchestrators do.</summary>
    [Function(nameof(DurableChain))]
    public static async Task<List<string>> DurableChain([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ChainInput>()!;
        var greetings = new List<string>();
        foreach (var city in input.Cities)
        {
            greetings.Add(await context.CallActivityAsync<string>(nameof(DurableSayHello), city));
        }

        return greetings;
    }

    /// <summary>A static activity.</summary>
    [Function(nameof(DurableSayHello))]
    public static string DurableSayHello([ActivityTrigger] string city) => $"Hello {city}!";
}
