using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Agreements;

/// <summary>
/// Starts the watch of a newly registered MoU and tells the watch of the MoU it renews. Failures are logged, never
/// undo the registration: the renewal link is stored with the MoU, and the reminder activity checks it before sending.
/// </summary>
public sealed partial class MouWatcher(DurableTaskClient client, ILogger<MouWatcher> logger)
{
    /// <summary>Starts watching <paramref name="mou"/> and ends the watch of the MoU it renews.</summary>
    public async Task WatchAsync(MouEntity mou, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mou);
        var expiresAt = DateText.Parse(mou.ValidUntil).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-7);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(MouOrchestration), new MouWatch(mou.RowKey, expiresAt), new StartOrchestrationOptions(MouOrchestration.InstanceIdOf(mou.RowKey)), cancellationToken).ConfigureAwait(false);
            if (mou.RenewsMouId is { } renewed)
            {
                await client.RaiseEventAsync(MouOrchestration.InstanceIdOf(renewed), MouOrchestration.RenewedEvent, mou.RowKey, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OrchestrationInstanceException ex) when (ex.Problem is InstanceProblem.NotFound or InstanceProblem.AlreadyFinished or InstanceProblem.AlreadyExists)
        {
            // Nothing to tell (the earlier MoU was never watched, or its watch has ended) or already started.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWatchFailed(logger, ex, mou.RowKey);
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Could not start or signal the expiry watch of MoU {MouId}; its reminders check the renewal link before sending.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string mouId);
}
