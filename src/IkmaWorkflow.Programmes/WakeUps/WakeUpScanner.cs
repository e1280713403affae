using Azure;
using Azure.Data.Tables;
using Grpc.Core;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>
/// The daily deadline check behind timer function <c>DeadlineCheck</c>: raises <see cref="WakeUpWait.EventName"/> for every
/// stored wake-up whose day (WIB) has come on the app's clock, then deletes its row.
/// </summary>
/// <remarks>
/// <para>
/// A wake-up is due from the start of its day in WIB: the check runs once a day (08:00 WIB by default), and a reminder
/// due at 14:00 on a Tuesday is meant for Tuesday, not Wednesday morning. The orchestration treats the moment it waited
/// for as reached (<see cref="WakeUpWait.Reached"/>).
/// </para>
/// <para>
/// The event is raised before the row is deleted, the delete guarded by the row's ETag: a crash in between, or a row
/// rewritten meanwhile by a retried <see cref="ScheduleWakeUp"/>, leaves the row, and the next check raises it again;
/// the orchestration ignores a wake-up whose token it no longer waits for. A row for an instance that is missing or
/// has finished is deleted and logged. A row that fails is logged and the others go on; the check then throws, so the
/// invocation is recorded as failed.
/// </para>
/// </remarks>
public sealed class WakeUpScanner(RecordStore store, TimeProvider time, ILogger<WakeUpScanner> logger)
{
    /// <summary>Runs one check with <paramref name="client"/> (the timer function's <c>[DurableClient]</c>).</summary>
    /// <exception cref="InvalidOperationException">Some due wake-ups could not be raised or deleted; the others were.</exception>
    /// <exception cref="RequestFailedException">The WakeUps table could not be queried.</exception>
    public async Task<WakeUpScanResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var today = WakeUpEntity.PartitionOf(now);
        var due = new List<WakeUpEntity>();
        await foreach (var row in store.WakeUps.QueryAsync<WakeUpEntity>(TableClient.CreateQueryFilter($"PartitionKey le {today}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        int raised = 0, gone = 0;
        var failures = new List<Exception>();
        foreach (var row in due.OrderBy(r => r.DueAt))
        {
            try
            {
                var signal = await OrchestrationInstances.RaiseEventAsync(client, row.InstanceId, WakeUpWait.EventName, new WakeUpSignal(row.Token, row.DueAt, now), cancellationToken).ConfigureAwait(false);
                if (signal == InstanceSignal.Delivered)
                {
                    raised++;
                }
                else
                {
                    gone++;
                    WakeUpLog.InstanceGone(logger, row.InstanceId, row.Token, row.DueAt, signal == InstanceSignal.NotFound ? "missing" : "finished");
                }

                await DeleteAsync(row, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or RpcException)
            {
                WakeUpLog.ScanItemFailed(logger, ex, row.InstanceId, row.Token);
                failures.Add(ex);
            }
        }

        WakeUpLog.ScanFinished(logger, due.Count, today, raised, gone, failures.Count);
        return failures.Count == 0
            ? new WakeUpScanResult(due.Count, raised, gone, 0)
            : throw new InvalidOperationException($"{failures.Count} of {due.Count} due wake-up(s) could not be raised or deleted; their rows stay and the next deadline check tries again.", new AggregateException(failures));
    }

    private async Task DeleteAsync(WakeUpEntity row, CancellationToken cancellationToken)
    {
        try
        {
            // A missing row (another check deleted it) answers 404 without throwing.
            await store.WakeUps.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            WakeUpLog.RowChanged(logger, row.InstanceId, row.Token);
        }
    }
}
