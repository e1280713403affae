using IkmaWorkflow.Programmes.FollowUps;
using Microsoft.DurableTask;

namespace IkmaWorkflow.FunctionApp.Functions.FollowUps;

/// <summary>One follow-up checkpoint's orchestration and its activities: request, reminders, escalation, unreachable.</summary>
public sealed class FollowUpWorkflowFunctions(IServiceProvider services)
{
    /// <summary>Asks the responsible partner for the outcome at one checkpoint and waits for it.</summary>
    [Function(nameof(FollowUpOrchestration))]
    public static Task<FollowUpResult> RunOrchestrationAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new FollowUpOrchestration().RunAsync(context, context.GetInput<FollowUpInput>()!);
    }

    /// <summary>Sends the request for the outcome.</summary>
    [Function(nameof(RequestFollowUp))]
    public Task<FollowUpNotice> RequestAsync([ActivityTrigger] FollowUpCheckpoint checkpoint, CancellationToken cancellationToken) =>
        services.GetRequiredService<RequestFollowUp>().RunAsync(checkpoint, cancellationToken);

    /// <summary>Sends a reminder.</summary>
    [Function(nameof(RemindFollowUp))]
    public Task<FollowUpNotice> RemindAsync([ActivityTrigger] FollowUpReminder reminder, CancellationToken cancellationToken) =>
        services.GetRequiredService<RemindFollowUp>().RunAsync(reminder, cancellationToken);

    /// <summary>Tells the coordinators the outcome is overdue.</summary>
    [Function(nameof(EscalateFollowUp))]
    public Task<FollowUpNotice> EscalateAsync([ActivityTrigger] FollowUpEscalation escalation, CancellationToken cancellationToken) =>
        services.GetRequiredService<EscalateFollowUp>().RunAsync(escalation, cancellationToken);

    /// <summary>Records the checkpoint unreachable.</summary>
    [Function(nameof(RecordUnreachable))]
    public Task<string> RecordUnreachableAsync([ActivityTrigger] FollowUpCheckpoint checkpoint, CancellationToken cancellationToken) =>
        services.GetRequiredService<RecordUnreachable>().RunAsync(checkpoint, cancellationToken);
}
