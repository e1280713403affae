using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Waits for an approval event; shows a custom status while it waits.</summary>
public static class ApprovalOrchestrator
{
    /// <summary>The event it waits for.</summary>
    public const string ApprovalEvent = "Approval";

    /// <summary>The orchestrator: input is the request's subject, output says who approved it.</summary>
    [Function(nameof(DurableApproval))]
    public static async Task<string> DurableApproval([OrchestrationTrigger] TaskOrchestrationContext context, string subject)
    {
        context.SetCustomStatus(new { Waiting = subject });
        var approver = await context.WaitForExternalEvent<Approval>(ApprovalEvent);
        context.SetCustomStatus(new { Approved = subject });
        return $"{subject} approved by {approver.By}";
    }
}
