using Azure;
using Azure.Data.Tables;
using Grpc.Core;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>What one scan did.</summary>
/// <param name="Due">Scheduled checkpoints due on or before today (WIB).</param>
/// <param name="Started">Orchestrations started by this scan.</param>
/// <param name="AlreadyStarted">Orchestrations that existed already (a scan that crashed before marking the row).</param>
/// <param name="Marked">Rows this scan marked Requested.</param>
public sealed record FollowUpScanResult(int Due, int Started, int AlreadyStarted, int Marked);

/// <summary>
/// The daily scan behind timer function <c>FollowUpScan</c>: finds checkpoints still Scheduled whose due date has come
/// (today in WIB), starts one <see cref="FollowUpOrchestration"/> per checkpoint and marks the row Requested.
/// </summary>
/// <remarks>
/// The orchestration is started before the row is marked. A crash in between leaves the row Scheduled, so the next scan
/// starts it again, finds the instance exists (its id is fixed per checkpoint) and only marks the row: a checkpoint is
/// never lost and never asked twice. A row that fails is logged and the others go on; the scan then throws, so the
/// invocation is recorded as failed rather than passing for a clean run.
/// <para>
/// Not a DI singleton: the timer function makes it with its <c>[DurableClient]</c>:
/// <c>ActivatorUtilities.CreateInstance&lt;FollowUpScanner&gt;(services, client)</c>.
/// </para>
/// </remarks>
public sealed class FollowUpScanner(RecordStore store, DurableTaskClient client, FollowUpOptions options, TimeProvider time, ILogger<FollowUpScanner> logger)
{
    /// <summary>Runs one scan.</summary>
    /// <exception cref="InvalidOperationException">Some due checkpoints could not be started or marked; the others were.</exception>
    /// <exception cref="RequestFailedException">The Programmes table could not be queried.</exception>
    public async Task<FollowUpScanResult> RunAsync(CancellationToken cancellationToken)
    {
        using var span = Telemetry.StartSpan("follow-up scan");
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var today = DateText.Of(DateText.TodayInWib(time));
        var upper = FollowUpEntity.Prefix[..^1] + "}";
        var filter = TableClient.CreateQueryFilter($"RowKey ge {FollowUpEntity.Prefix} and RowKey lt {upper} and Status eq {CheckpointStatus.Scheduled} and DueDate le {today}");
        var due = new List<FollowUpEntity>();
        await foreach (var row in store.Programmes.QueryAsync<FollowUpEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        Telemetry.RecordFollowUpsOverdue(due.Count);
        span?.SetTag("ikma.followups.due", due.Count);
        int started = 0, alreadyStarted = 0, marked = 0;
        var failures = new List<Exception>();
        foreach (var row in due)
        {
            var checkpoint = new FollowUpCheckpoint(row.PartitionKey, row.ParticipantId, row.Months);
            try
            {
                if (await StartAsync(checkpoint, cancellationToken).ConfigureAwait(false))
                {
                    started++;
                }
                else
                {
                    alreadyStarted++;
                }

                if (await MarkRequestedAsync(row, cancellationToken).ConfigureAwait(false))
                {
                    marked++;
                }
            }
            catch (Exception ex) when (ex is RequestFailedException or RpcException)
            {
                FollowUpLog.ScanItemFailed(logger, ex, checkpoint.InstanceId);
                failures.Add(ex);
            }
        }

        FollowUpLog.ScanFinished(logger, due.Count, today, started, alreadyStarted, failures.Count);
        return failures.Count == 0
            ? new FollowUpScanResult(due.Count, started, alreadyStarted, marked)
            : throw new InvalidOperationException($"{failures.Count} of {due.Count} due follow-up checkpoint(s) could not be started or marked Requested; they stay Scheduled and the next scan tries again.", new AggregateException(failures));
    }

    private async Task<bool> StartAsync(FollowUpCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var input = new FollowUpInput(checkpoint, options.ReminderInterval, options.EscalateAfter, options.GiveUpAfter);
        return await OrchestrationInstances.StartOnceAsync(client, nameof(FollowUpOrchestration), input, checkpoint.InstanceId, cancellationToken).ConfigureAwait(false);
    }

    // Marks the row Requested under its ETag. If it changed meanwhile, it is read again: still Scheduled (the release
    // form moved its date at the same moment) it is marked all the same, because its orchestration now runs; in any
    // other state (an outcome arrived) it is left alone.
    private async Task<bool> MarkRequestedAsync(FollowUpEntity row, CancellationToken cancellationToken)
    {
        while (true)
        {
            row.Status = CheckpointStatus.Requested;
            row.RequestedAt = time.GetUtcNow();
            try
            {
                await store.Programmes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                var again = await store.Programmes.GetEntityIfExistsAsync<FollowUpEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!again.HasValue || again.Value!.Status != CheckpointStatus.Scheduled)
                {
                    return false;
                }

                row = again.Value;
            }
        }
    }
}
