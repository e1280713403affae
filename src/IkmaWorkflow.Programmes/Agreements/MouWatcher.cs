using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Agreements;

/// <summary>
/// Starts the watch of a newly registered MoU and tells the watch of the MoU it renews. Failures are logged, never
/// undo the registration: the renewal link is stored with the MoU, and the reminder activity checks it before sending.
/// </summary>
/// <remarks>
/// Not a DI singleton: the function registering an MoU makes one with its <c>[DurableClient]</c>:
/// <c>new MouWatcher(client, logger)</c>.
/// </remarks>
public sealed partial class MouWatcher(DurableTaskClient client, ILogger<MouWatcher> logger)
{
    /// <summary>Starts watching <paramref name="mou"/> and ends the watch of the MoU it renews.</summary>
    public async Task WatchAsync(MouEntity mou, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mou);
        try
        {
            await StartWatchAsync(client, mou, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWatchFailed(logger, ex, mou.RowKey);
        }
    }

    /// <summary>The watch's input: the MoU and the end of its last valid day (WIB).</summary>
    public static MouWatch WatchOf(MouEntity mou)
    {
        ArgumentNullException.ThrowIfNull(mou);
        return new MouWatch(mou.RowKey, DateText.Parse(mou.ValidUntil).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-7));
    }

    /// <summary>
    /// Starts the watch of <paramref name="mou"/> unless it exists, and tells the watch of the MoU it renews; throws what
    /// the client throws. The registration form (through <see cref="WatchAsync"/>) and the daily repair of missing
    /// orchestrations (<see cref="Orchestrations.OrchestrationRepair"/>) call it.
    /// </summary>
    /// <returns><see langword="true"/> when this call started the watch.</returns>
    public static async Task<bool> StartWatchAsync(DurableTaskClient client, MouEntity mou, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mou);

        // An existing watch (a registration sent again) is left as it is.
        var started = await OrchestrationInstances.StartOnceAsync(client, nameof(MouOrchestration), WatchOf(mou), MouOrchestration.InstanceIdOf(mou.RowKey), cancellationToken).ConfigureAwait(false);
        if (mou.RenewsMouId is { } renewed)
        {
            // Not found or finished: the earlier MoU was never watched, or its watch has ended; nothing to tell.
            await OrchestrationInstances.RaiseEventAsync(client, MouOrchestration.InstanceIdOf(renewed), MouOrchestration.RenewedEvent, mou.RowKey, cancellationToken).ConfigureAwait(false);
        }

        return started;
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Could not start or signal the expiry watch of MoU {MouId}; its reminders check the renewal link before sending, and the next deadline check starts a missing watch.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string mouId);
}
