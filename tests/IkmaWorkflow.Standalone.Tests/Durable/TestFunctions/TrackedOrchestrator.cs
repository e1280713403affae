using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>
/// An instance orchestrator (made per episode with its constructor's services) that records which host ran its last
/// step, after a few activity calls that record where they ran.
/// </summary>
/// <param name="host">The host's name.</param>
/// <param name="ledger">Shared by the hosts of one test.</param>
public sealed class TrackedOrchestrator(HostName host, WorkLedger ledger)
{
    /// <summary>Activity calls per instance.</summary>
    public const int Steps = 3;

    /// <summary>The orchestrator.</summary>
    [Function(nameof(DurableTracked))]
    public async Task<int> DurableTracked([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        for (var step = 0; step < Steps; step++)
        {
            await context.CallActivityAsync(nameof(TrackedActivity.DurableTrackedStep), $"{context.InstanceId}/{step}");
        }

        if (!context.IsReplaying)
        {
            ledger.RecordCompletion(host.Name, context.InstanceId);
        }

        return Steps;
    }
}
