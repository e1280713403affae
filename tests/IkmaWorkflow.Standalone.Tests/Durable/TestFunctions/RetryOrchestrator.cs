using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Calls an activity that always fails, with a retry policy, and catches the final failure.</summary>
public static class RetryOrchestrator
{
    /// <summary>Attempts the retry policy allows.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The orchestrator: returns the failure's type and message, as the orchestrator saw them.</summary>
    [Function(nameof(DurableRetry))]
    public static async Task<string> DurableRetry([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(MaxAttempts, TimeSpan.FromSeconds(1)));
        try
        {
            await context.CallActivityAsync(nameof(FailingActivity.DurableAlwaysFails), context.InstanceId, retry);
            return "no failure";
        }
        catch (TaskFailedException failure)
        {
            return $"{failure.TaskName}|{failure.FailureDetails.ErrorType}|{failure.FailureDetails.ErrorMessage}";
        }
    }
}
