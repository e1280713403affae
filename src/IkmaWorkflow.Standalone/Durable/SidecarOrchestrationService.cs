using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The orchestration service as the sidecar's dispatchers see it: the Azure Storage engine, plus what Durable Task
/// Core's own dispatchers do and the sidecar's do not. It renews the lock of every work item while it runs, keeps a
/// failed orchestration's failure details, hands the work items still running back to their queues when the host
/// stops, and makes start and stop happen once.
/// </summary>
/// <remarks>
/// <para>A dequeued message stays invisible for the queue's visibility timeout. The sidecar's dispatchers never renew
/// it, so without this an activity running longer than <c>workItemQueueVisibilityTimeout</c> would come back: the
/// engine ignores it in this process (it is still being processed) and another host runs it a second time. It also
/// makes a short timeout safe, which brings a dead process's work back sooner. Each held work item is renewed
/// halfway to its lock's expiry (Durable Task Core's dispatchers renew shortly before it).</para>
/// <para>Complete, abandon and release wait for a renewal in progress and stop the renewals, so a renewal never
/// touches a session the engine has already closed. A work item the worker abandons (which the sidecar ignores)
/// stays held until the host stops; the worker does that only when it cannot complete it, such as for a message
/// over gRPC's size limit, which <see cref="DurableSidecar"/> therefore lifts.</para>
/// </remarks>
internal sealed class SidecarOrchestrationService : IOrchestrationService
{
    private static readonly TimeSpan MinRenewDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongEpisode = TimeSpan.FromMinutes(1);

    private readonly IOrchestrationService _inner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TaskActivityWorkItem, HeldWorkItem> _activities = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, HeldWorkItem> _orchestrations = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _lifecycle = new();
    private Task? _started;
    private Task? _stopped;

    public SidecarOrchestrationService(IOrchestrationService inner, TimeProvider time, ILogger<SidecarOrchestrationService> logger)
    {
        _inner = inner;
        _time = time;
        _logger = logger;
    }

    /// <summary>Work items held now (locked and not yet completed or released), for tests and diagnostics.</summary>
    public int HeldWorkItems => _activities.Count + _orchestrations.Count;

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => _inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems => _inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc/>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => _inner.TaskActivityDispatcherCount;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems => _inner.MaxConcurrentTaskActivityWorkItems;

    /// <summary>Starts the engine once; later calls, and calls after a stop, do nothing.</summary>
    /// <remarks>The sidecar starts it when the worker first connects, and even while the host is already stopping.</remarks>
    public Task StartAsync()
    {
        lock (_lifecycle)
        {
            return _started ??= _stopped is null ? _inner.StartAsync() : Task.CompletedTask;
        }
    }

    /// <summary>Stops the engine once, releasing its partitions; the sidecar's own stop call joins the first.</summary>
    public Task StopAsync() => StopAsync(isForced: true);

    /// <summary>
    /// Stops the engine once, releasing its partitions. Always forced: the work items still held then were handed
    /// back already (<see cref="HandBackAsync"/>), and the sidecar never completes them.
    /// </summary>
    public Task StopAsync(bool isForced)
    {
        lock (_lifecycle)
        {
            if (_stopped is null)
            {
                // An engine that never started has nothing to release (and throws when stopped).
                var started = _started;
                _stopped = started is null ? Task.CompletedTask : StopStartedAsync(started);
            }

            return _stopped;
        }
    }

    /// <summary>Gives the work items still held back to their queues, so another host (or this one, restarted) runs them at once.</summary>
    public async Task HandBackAsync()
    {
        var activities = 0;
        foreach (var (workItem, held) in _activities)
        {
            if (await held.TryEndAsync())
            {
                _activities.TryRemove(workItem, out _);
                activities++;
                await TryHandBackAsync("activity", workItem.Id, workItem.TaskMessage.OrchestrationInstance.InstanceId, () => _inner.AbandonTaskActivityWorkItemAsync(workItem));
            }
        }

        var orchestrations = 0;
        foreach (var (workItem, held) in _orchestrations)
        {
            if (await held.TryEndAsync())
            {
                _orchestrations.TryRemove(workItem, out _);
                orchestrations++;
                await TryHandBackAsync("orchestration", workItem.InstanceId, workItem.InstanceId, async () =>
                {
                    await _inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
                    await _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
                });
            }
        }

        DurableLog.WorkHandedBack(_logger, activities, orchestrations);
    }

    /// <inheritdoc/>
    public Task CreateAsync() => _inner.CreateAsync();

    /// <inheritdoc/>
    public Task CreateAsync(bool recreateInstanceStore) => _inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync() => _inner.CreateIfNotExistsAsync();

    /// <inheritdoc/>
    public Task DeleteAsync() => _inner.DeleteAsync();

    /// <inheritdoc/>
    public Task DeleteAsync(bool deleteInstanceStore) => _inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc/>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc/>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await _inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            var held = new HeldWorkItem(_time.GetUtcNow());
            _orchestrations[workItem] = held;
            held.Renewals = RenewOrchestrationAsync(workItem, held);
        }

        return workItem!;
    }

    /// <inheritdoc/>
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc/>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        // The item stays held (and renewed) until it is released, which the dispatcher always does last. One that
        // is no longer held was handed back when the host began to stop: its messages run again, so its episode's
        // results are dropped here rather than committed to a session the engine has closed.
        if (!_orchestrations.TryGetValue(workItem, out var held) || !await held.TryPauseAsync())
        {
            return;
        }

        try
        {
            RestoreFailureDetails(newOrchestrationRuntimeState, orchestrationState);
            await _inner.CompleteTaskOrchestrationWorkItemAsync(
                workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        }
        finally
        {
            held.Resume();
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        if (!_orchestrations.TryGetValue(workItem, out var held) || !await held.TryPauseAsync())
        {
            return;
        }

        try
        {
            await _inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
        }
        finally
        {
            held.Resume();
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        // Not held, or ended by another caller: it was handed back, which released it.
        if (_orchestrations.TryRemove(workItem, out var held) && await held.TryEndAsync())
        {
            await _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
    }

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await _inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            var held = new HeldWorkItem(_time.GetUtcNow());
            _activities[workItem] = held;
            held.Renewals = RenewActivityAsync(workItem, held);
        }

        return workItem!;
    }

    /// <inheritdoc/>
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc/>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        // Not held, or ended by another caller: it was handed back when the host began to stop and runs again.
        if (_activities.TryRemove(workItem, out var held) && await held.TryEndAsync())
        {
            await _inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        if (_activities.TryRemove(workItem, out var held) && await held.TryEndAsync())
        {
            await _inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
    }

    // The sidecar records a failed orchestration's ExecutionCompleted event without the failure details it passes
    // alongside (in the instance status); Durable Task Core's dispatcher puts them in the event, and the engine writes
    // the instance's output and history from the event. Put them back where the engine looks.
    private static void RestoreFailureDetails(OrchestrationRuntimeState? state, OrchestrationState? status)
    {
        if (state?.ExecutionCompletedEvent is not { OrchestrationStatus: OrchestrationStatus.Failed, FailureDetails: null } completed
            || status?.FailureDetails is not { } details)
        {
            return;
        }

        var replacement = new ExecutionCompletedEvent(completed.EventId, completed.Result, completed.OrchestrationStatus, details)
        {
            Timestamp = completed.Timestamp,
        };
        Replace(state.Events, completed, replacement);
        Replace(state.NewEvents, completed, replacement);
        state.ExecutionCompletedEvent = replacement;

        static void Replace(IList<HistoryEvent> events, HistoryEvent old, HistoryEvent replacement)
        {
            var index = events.IndexOf(old);
            if (index >= 0)
            {
                events[index] = replacement;
            }
        }
    }

    private async Task StopStartedAsync(Task started)
    {
        await started;
        await _inner.StopAsync(isForced: true);
    }

    private async Task RenewActivityAsync(TaskActivityWorkItem workItem, HeldWorkItem held)
    {
        var instanceId = workItem.TaskMessage?.OrchestrationInstance?.InstanceId ?? string.Empty;
        while (RenewAt(workItem.LockedUntilUtc) is { } renewAt && await held.WaitUntilAsync(renewAt, _time))
        {
            try
            {
                var renewed = await _inner.RenewTaskActivityWorkItemLockAsync(workItem);
                workItem.LockedUntilUtc = renewed.LockedUntilUtc;
                DurableLog.LockRenewed(_logger, "activity", workItem.Id, instanceId, workItem.LockedUntilUtc);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                DurableLog.LockRenewalFailed(_logger, exception, "activity", workItem.Id, instanceId);
            }
            finally
            {
                held.Resume();
            }
        }
    }

    private async Task RenewOrchestrationAsync(TaskOrchestrationWorkItem workItem, HeldWorkItem held)
    {
        while (RenewAt(workItem.LockedUntilUtc) is { } renewAt && await held.WaitUntilAsync(renewAt, _time))
        {
            try
            {
                var elapsed = _time.GetUtcNow() - held.LockedAt;
                if (elapsed >= LongEpisode)
                {
                    DurableLog.EpisodeHeldLong(_logger, workItem.InstanceId, elapsed);
                }

                await _inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
                DurableLog.LockRenewed(_logger, "orchestration", workItem.InstanceId, workItem.InstanceId, workItem.LockedUntilUtc);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                DurableLog.LockRenewalFailed(_logger, exception, "orchestration", workItem.InstanceId, workItem.InstanceId);
            }
            finally
            {
                held.Resume();
            }
        }
    }

    // Halfway to the lock's expiry, so a renewal that fails has time for another try; never sooner than a second.
    // A work item without a lock time has nothing to renew.
    private DateTimeOffset? RenewAt(DateTime lockedUntilUtc)
    {
        if (lockedUntilUtc == default)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var remaining = new DateTimeOffset(DateTime.SpecifyKind(lockedUntilUtc, DateTimeKind.Utc)) - now;
        var delay = remaining / 2;
        return now + (delay < MinRenewDelay ? MinRenewDelay : delay);
    }

    private async Task TryHandBackAsync(string kind, string workItemId, string instanceId, Func<Task> handBack)
    {
        try
        {
            await handBack();
        }
        catch (Exception exception)
        {
            // Storage may be gone while the host stops; the messages come back when their visibility expires.
            DurableLog.HandBackFailed(_logger, exception, kind, workItemId, instanceId);
        }
    }

    /// <summary>
    /// One held work item's renewals: a loop that waits, then renews under a gate, until the item ends. The gate
    /// (a semaphore of one) keeps renewals and the item's completion apart.
    /// </summary>
    // Neither the token source (no timer, not linked) nor the semaphore (its wait handle is never asked for) holds
    // anything to free, and a renewal loop may still be leaving them when the item ends; they are not disposed.
#pragma warning disable CA1001
    private sealed class HeldWorkItem
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _ended = new();
        private readonly SemaphoreSlim _gate = new(1, 1);
        private int _endedFlag;

        public HeldWorkItem(DateTimeOffset lockedAt) => LockedAt = lockedAt;

        public DateTimeOffset LockedAt { get; }

        public Task? Renewals { get; set; }

        /// <summary>Waits until <paramref name="renewAt"/>, then takes the gate; false once the item has ended.</summary>
        public async Task<bool> WaitUntilAsync(DateTimeOffset renewAt, TimeProvider time)
        {
            try
            {
                var delay = renewAt - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, _ended.Token);
                }

                await _gate.WaitAsync(_ended.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (Volatile.Read(ref _endedFlag) != 0)
            {
                _gate.Release();
                return false;
            }

            return true;
        }

        /// <summary>Takes the gate for a completion or abandon that keeps the item held; false once the item has ended.</summary>
        public async Task<bool> TryPauseAsync()
        {
            await _gate.WaitAsync();
            if (Volatile.Read(ref _endedFlag) != 0)
            {
                _gate.Release();
                return false;
            }

            return true;
        }

        /// <summary>Gives the gate back.</summary>
        public void Resume() => _gate.Release();

        /// <summary>Ends the renewals after one in progress finishes; false when the item had ended already (another caller owns it).</summary>
        public async Task<bool> TryEndAsync()
        {
            if (Interlocked.Exchange(ref _endedFlag, 1) != 0)
            {
                return false;
            }

            await _gate.WaitAsync();
            try
            {
                await _ended.CancelAsync();
            }
            finally
            {
                _gate.Release();
            }

            return true;
        }
    }
}
