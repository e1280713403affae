using IkmaWorkflow.Programmes.Agreements;
using Microsoft.DurableTask;

namespace IkmaWorkflow.FunctionApp.Functions.Agreements;

/// <summary>The MoU's expiry watch and its warning.</summary>
public sealed class MouWatchFunctions(IServiceProvider services)
{
    /// <summary>Warns the coordinators 90, 30 and 7 days before an MoU ends, until it is renewed.</summary>
    [Function(nameof(MouOrchestration))]
    public static Task<string> RunOrchestrationAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MouOrchestration().RunAsync(context, context.GetInput<MouWatch>()!);
    }

    /// <summary>Sends one expiry warning.</summary>
    [Function(nameof(NotifyMouExpiring))]
    public Task<bool> NotifyAsync([ActivityTrigger] MouNotice notice, CancellationToken cancellationToken) =>
        services.GetRequiredService<NotifyMouExpiring>().RunAsync(notice, cancellationToken);
}
