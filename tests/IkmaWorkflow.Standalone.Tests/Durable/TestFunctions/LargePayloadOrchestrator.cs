using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>
/// Returns an activity output larger than gRPC's default 4 MB message limit. (An orchestrator's own actions, such as
/// an activity's input, are limited to 3.9 MB each by the worker, as on Durable Functions.)
/// </summary>
public static class LargePayloadOrchestrator
{
    /// <summary>The orchestrator: asks for <paramref name="megabytes"/> MB and returns the length it got.</summary>
    [Function(nameof(DurableLargePayload))]
    public static async Task<int> DurableLargePayload([OrchestrationTrigger] TaskOrchestrationContext context, int megabytes)
    {
        var text = await context.CallActivityAsync<string>(nameof(DurableLargeText), megabytes);
        return text.Length;
    }

    /// <summary>Returns <paramref name="megabytes"/> MB of text.</summary>
    [Function(nameof(DurableLargeText))]
    public static string DurableLargeText([ActivityTrigger] int megabytes) => new('x', megabytes * 1024 * 1024);
}
