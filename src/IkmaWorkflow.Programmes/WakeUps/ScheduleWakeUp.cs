using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>
/// The activity behind every long wait: works out the due time on the app's clock, stores it as a row of
/// <c>{prefix}WakeUps</c> for the daily scan, and tells the orchestration the due time and what "now" is.
/// </summary>
/// <remarks>
/// Orchestrations never read the clock themselves: <c>context.CurrentUtcDateTime</c> is real time, while the app runs
/// on its own clock (a demo clock can stand in 2023 and jump by months). A wake-up due already is not stored; the
/// orchestration goes on at once.
/// </remarks>
public sealed class ScheduleWakeUp(RecordStore store, TimeProvider time)
{
    /// <summary>Schedules <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">Neither or both of <see cref="WakeUpRequest.At"/> and <see cref="WakeUpRequest.After"/>, or no token.</exception>
    public async Task<WakeUpTicket> RunAsync(WakeUpRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.InstanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(input.Token);
        if (input.At.HasValue == input.After.HasValue)
        {
            throw new ArgumentException($"A wake-up for {input.InstanceId} needs either a time (At) or a duration (After), not {(input.At.HasValue ? "both" : "neither")}.", nameof(input));
        }

        var now = time.GetUtcNow();
        var ticket = new WakeUpTicket(input.Token, input.At ?? now + input.After!.Value, now);
        if (ticket.AlreadyDue)
        {
            return ticket;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var row = new WakeUpEntity
        {
            PartitionKey = WakeUpEntity.PartitionOf(ticket.DueAt),
            RowKey = WakeUpEntity.RowOf(input.InstanceId, input.Token),
            InstanceId = input.InstanceId,
            Token = input.Token,
            DueAt = ticket.DueAt,
            ScheduledAt = now,
        };

        // No ETag: the row belongs to this wait's own token, so the only other writer is a retry of this activity.
        await store.WakeUps.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return ticket;
    }
}
