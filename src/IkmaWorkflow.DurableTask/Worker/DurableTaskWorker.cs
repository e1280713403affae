using System.Text.Json;
using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.DurableTask.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask.Worker;

/// <summary>
/// Processes the runtime's queue messages: orchestration messages run an episode of their instance, activity
/// messages run an activity. The function app's queue-triggered functions call it, so in Azure the Functions scale
/// controller scales it and standalone the app's own listeners drive it.
/// </summary>
/// <remarks>
/// <para>An episode loads the instance's state and history (one partition), replays the code, applies the new events,
/// sends the messages for the new steps, and only then commits state and new history in one ETag-guarded
/// transaction. A crash before the commit leaves the source messages to be delivered again, and the re-run sends
/// the same steps (activities run at least once); a crash after it leaves duplicates that replay recognises. So the
/// state commits exactly once and no event is applied twice.</para>
/// <para>Messages for one instance arriving at once in this process are merged into one episode, which commits many
/// results in one transaction and avoids ETag conflicts between them.</para>
/// <para>With <see cref="DurableTaskOptions.LocalActivities"/>, the activities an episode schedules run in this
/// process once the episode has committed, and their results go straight into the instance's next episodes, which
/// reuse the state and history this process committed. Before the first such commit the episode sends a guard
/// message, invisible for <see cref="DurableTaskOptions.LocalActivityLease"/> and renewed while the activities
/// run, and records its id in the state. The guard is deleted (and its id removed) once their last result is
/// committed. If this process dies, the guard arrives while the state still records it: whoever receives it sends
/// the instance's open activity calls to the activity queue and removes the id, which also makes a stalled owner's
/// next commit fail, so that owner never records new activities under a guard that is already spent.</para>
/// </remarks>
// The slot semaphore is never disposed: it lives as long as the app, in-process activities may still release it
// while the app shuts down, and a SemaphoreSlim whose wait handle is never used holds nothing to free.
#pragma warning disable CA1001
public sealed partial class DurableTaskWorker
#pragma warning restore CA1001
{
    private const int MaxCommitAttempts = 5;
    private const int MaxDeferrals = 20;
    private const int MaxParallelSends = 16;
    private const double MaxVisibilitySeconds = 7 * 24 * 60 * 60;
    private static readonly TimeSpan DeferralDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ContinueAsNewSafetyDelay = TimeSpan.FromSeconds(10);

    private readonly DurableStorage _storage;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _localSlots;
    private readonly Dictionary<string, InstanceWork> _instances = new(StringComparer.Ordinal);

    internal DurableTaskWorker(
        DurableStorage storage,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DurableTaskOptions options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken stopping)
    {
        _storage = storage;
        _registry = registry;
        _services = services;
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<DurableTaskWorker>();
        _stopping = stopping;
        _localSlots = new SemaphoreSlim(options.MaxLocalActivities, options.MaxLocalActivities);
    }

    /// <summary>
    /// Called at each checkpoint of message processing; a test throws from it to simulate a crash there. Queue
    /// path: <c>episode.sent</c>, <c>episode.committed</c>, <c>activity.ran</c>, <c>activity.sent</c>,
    /// <c>timer.hop</c>. In-process activities: <c>local.ran</c> (an activity ran, its result only in memory),
    /// <c>local.released</c> (their last result committed, the guard not yet deleted), <c>local.recovered</c>
    /// (a guard's open calls sent to the activity queue, the guard's id not yet removed).
    /// </summary>
    internal Func<string, Task>? Checkpoint { get; set; }

    /// <summary>Handles one message of the orchestration queue; returns once its event is committed.</summary>
    /// <param name="messageText">The message text (already decoded from the queue's base64).</param>
    /// <param name="dequeueCount">How many times the message has been received; on the last allowed attempt a failure marks the instance Failed.</param>
    /// <param name="cancellationToken">Cancels the wait, not an episode under way.</param>
    public async Task ProcessOrchestrationMessageAsync(string messageText, int dequeueCount, CancellationToken cancellationToken)
    {
        var message = await _storage.ReadMessageAsync<OrchestrationMessage>(messageText, cancellationToken);
        try
        {
            if (message.Event is TimerFired timer && timer.FireAt > Now())
            {
                // Not due by the runtime's clock: the timer is longer than one hop, or the clock is a test's that
                // has not moved far enough. Send the next hop and let this message go.
                await _storage.SendAsync(message, Hop(timer.FireAt), cancellationToken);
                await ReachedAsync("timer.hop");
                return;
            }

            await DeliverAsync(message.InstanceId, message, cancellationToken);
        }
        catch (Exception ex) when (dequeueCount >= _options.MaxDequeueCount && ex is not OperationCanceledException)
        {
            LogPoisoned(_logger, ex, message.InstanceId, dequeueCount);
            await MarkFailedAsync(message.InstanceId, $"A message for this instance failed {dequeueCount} times and was moved to the poison queue: {ex.Message}", ex, cancellationToken);
            throw;
        }
    }

    /// <summary>Handles one message of the activity queue: runs the activity and sends its result to the instance.</summary>
    public async Task ProcessActivityMessageAsync(string messageText, int dequeueCount, CancellationToken cancellationToken)
    {
        var message = await _storage.ReadMessageAsync<ActivityMessage>(messageText, cancellationToken);
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = message.InstanceId });
        var outcome = await RunActivityAsync(message, cancellationToken);
        await ReachedAsync("activity.ran");
        await _storage.SendAsync(new OrchestrationMessage(message.InstanceId, message.ExecutionId, outcome), null, cancellationToken);
        await ReachedAsync("activity.sent");
    }

    private Task ReachedAsync(string checkpoint) => Checkpoint?.Invoke(checkpoint) ?? Task.CompletedTask;

    // Runs one activity call; its exception becomes a TaskFailed, a cancellation by shutdown propagates.
    private async Task<HistoryEvent> RunActivityAsync(ActivityMessage message, CancellationToken cancellationToken)
    {
        await using var services = _services.CreateAsyncScope();
        if (!_registry.TryCreateActivity(services.ServiceProvider, message.Name, out var activity))
        {
            return new TaskFailed(Now(), message.TaskId, new TaskFailureDetails("ActivityNotRegistered", $"Activity '{message.Name}' is not registered in this app."));
        }

        try
        {
            var input = await _storage.ResolveAsync(message.Input, cancellationToken);
            var context = new ActivityContext(message, cancellationToken);
            var result = await activity.RunAsync(context, input is null ? null : JsonSerializer.Deserialize(input, activity.InputType, JsonPayload.Options));
            var outcome = new TaskCompleted(Now(), message.TaskId, await _storage.OffloadAsync(JsonPayload.Serialize(result), message.InstanceId, cancellationToken));
            LogActivityCompleted(_logger, message.Name, message.TaskId, message.InstanceId);
            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogActivityFailed(_logger, ex, message.Name, message.TaskId, message.InstanceId);
            return new TaskFailed(Now(), message.TaskId, TaskFailureDetails.FromException(ex));
        }
    }

    private Task DeliverAsync(string instanceId, OrchestrationMessage message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        InstanceWork work;
        var start = false;
        lock (_instances)
        {
            if (!_instances.TryGetValue(instanceId, out work!))
            {
                work = new InstanceWork();
                _instances[instanceId] = work;
            }

            work.Pending.Add(new PendingItem(message, done));
            start = StartLoopLocked(work);
        }

        if (start)
        {
            _ = Task.Run(() => RunInstanceAsync(instanceId, work), CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    // An in-process activity's result, for the work it was started from; dropped when that work was given up.
    private void DeliverLocal(string instanceId, InstanceWork work, object epoch, OrchestrationMessage result)
    {
        bool start;
        lock (_instances)
        {
            if (!ReferenceEquals(work.Epoch, epoch))
            {
                return;
            }

            work.Pending.Add(new PendingItem(result, null));
            start = StartLoopLocked(work);
        }

        if (start)
        {
            _ = Task.Run(() => RunInstanceAsync(instanceId, work), CancellationToken.None);
        }
    }

    private static bool StartLoopLocked(InstanceWork work)
    {
        if (work.Running)
        {
            return false;
        }

        work.Running = true;
        return true;
    }

    // One loop per instance in this process: everything that arrived while an episode ran goes into the next one.
    private async Task RunInstanceAsync(string instanceId, InstanceWork work)
    {
        while (true)
        {
            List<PendingItem> batch;
            lock (_instances)
            {
                if (work.Pending.Count == 0)
                {
                    work.Running = false;
                    if (work.LocalOpen.Count == 0 && work.Guard is null)
                    {
                        // Nothing of an instance stays in memory while it waits.
                        _instances.Remove(instanceId);
                        work.Epoch = new object();
                    }

                    return;
                }

                batch = [.. work.Pending];
                work.Pending.Clear();
            }

            try
            {
                var continued = await RunEpisodeAsync(instanceId, work, batch);
                foreach (var item in batch)
                {
                    item.Done?.TrySetResult();
                }

                if (continued)
                {
                    lock (_instances)
                    {
                        work.Pending.Add(new PendingItem(new OrchestrationMessage(instanceId, null, null), null));
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                {
                    item.Done?.TrySetException(ex);
                }

                // As after a crash: what only this process knew is given up. Queue messages come back by
                // themselves; the guard brings the in-process activities back through the activity queue.
                await AbandonAsync(instanceId, work, null, ex);
            }
        }
    }

    /// <returns>Whether the instance continued as new, so its next execution should start at once.</returns>
    private async Task<bool> RunEpisodeAsync(string instanceId, InstanceWork work, List<PendingItem> batch)
    {
        var cancellationToken = CancellationToken.None;
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
        var messages = batch.ConvertAll(b => b.Message);
        var localResults = batch.Where(b => b.IsLocalResult).Select(b => ((TaskEvent)b.Message.Event!).TaskId).ToList();
        for (var attempt = 1; attempt <= MaxCommitAttempts; attempt++)
        {
            // The state and history this process last committed serve the next episode without a load when its
            // events are all for that execution: if another writer came in between, the commit's ETag fails and the
            // episode reloads. A start, a wake-up or a guard always loads: what they do depends on what is stored.
            var snapshot = attempt == 1 && work.Committed is { } committed && batch.TrueForAll(b =>
                    b.Message.Event is not null && (b.Message.ExecutionId is null || b.Message.ExecutionId == committed.State.ExecutionId))
                ? committed
                : batch.TrueForAll(b => b.Message is { Event: null, Guard: null, ExecutionId: not null })
                    ? await _storage.LoadForStartAsync(instanceId, cancellationToken)
                    : await _storage.LoadAsync(instanceId, withHistory: true, cancellationToken);
            work.Committed = null;
            if (snapshot is null)
            {
                await MissingInstanceAsync(instanceId, batch, cancellationToken);
                await SettleLocalAsync(instanceId, work, null, [], [], cancellationToken);
                return false;
            }

            var state = snapshot.State;
            if (state.IsFinished)
            {
                if (batch.Count(b => b.Done is not null && b.Message.Event is not null) is > 0 and var count)
                {
                    LogDropped(_logger, instanceId, count, $"the instance is {state.Status}");
                }

                await SettleLocalAsync(instanceId, work, null, [], [], cancellationToken);
                return false;
            }

            if (work.Guard is { Recorded: true } spent && !state.LocalGuards.Contains(spent.Id))
            {
                // A recovery elsewhere handled this process's guard (it lapsed): the calls it covered went to the
                // activity queue. Activities started later need a guard of their own.
                LogGuardSpent(_logger, instanceId);
                work.Guard = null;
                await spent.StopRenewingAsync();
            }

            var now = Now();
            if (snapshot.History.Count == 0 && state.ScheduledStartAt is { } startAt && startAt > now)
            {
                await ForEachAsync(messages.Where(m => m.Guard is null), m => _storage.SendAsync(m, Hop(startAt.UtcDateTime), cancellationToken));
                return false;
            }

            var changed = await HandleGuardMessagesAsync(state, snapshot.History, work, messages, cancellationToken);
            var (incoming, recursiveTerminate) = await BuildIncomingAsync(state, snapshot.History, messages, now, cancellationToken);
            var result = incoming.Count == 0 ? null : OrchestrationExecutor.Run(instanceId, snapshot.History, incoming, CreateOrchestrator, _loggers, now);
            var newLocal = result?.Status is OrchestrationRuntimeStatus.Running && _options.LocalActivities
                ? result.NewSteps.OfType<TaskScheduled>().ToList()
                : [];
            changed |= await PrepareGuardAsync(state, work, localResults, newLocal, result?.Status, cancellationToken);
            if (result is null && !changed)
            {
                work.Committed = snapshot with { StaleRowKeys = [] };
                await SettleLocalAsync(instanceId, work, state, localResults, [], cancellationToken);
                return false;
            }

            List<HistoryEvent> newEvents = [];
            if (result is not null)
            {
                await CarryOutAsync(state, snapshot.History, result, recursiveTerminate, newLocal, now, cancellationToken);
                newEvents = Apply(state, snapshot.History, result, now);
            }

            await ReachedAsync("episode.sent");
            if (await _storage.TryCommitAsync(state, newEvents, cancellationToken))
            {
                if (work.Guard is { } guard && state.LocalGuards.Contains(guard.Id))
                {
                    guard.Recorded = true;
                }

                LogCommitted(_logger, instanceId, state.Status, newEvents.Count);
                var status = result?.Status ?? state.Status;
                if (status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Pending)
                {
                    snapshot.History.AddRange(newEvents);
                    work.Committed = snapshot with { StaleRowKeys = [] };
                }

                await ReachedAsync("episode.committed");
                if (result is not null)
                {
                    await ForEachAsync(result.EarlyCompletions, early => DeferAsync(messages, early, cancellationToken));
                }

                if (snapshot.StaleRowKeys.Count > 0)
                {
                    await _storage.DeleteRowsAsync(instanceId, snapshot.StaleRowKeys, cancellationToken);
                }

                await SettleLocalAsync(instanceId, work, state.IsFinished || status == OrchestrationRuntimeStatus.ContinuedAsNew ? null : state, localResults, newLocal, cancellationToken);
                return status == OrchestrationRuntimeStatus.ContinuedAsNew;
            }

            LogConflict(_logger, instanceId, attempt);
        }

        throw new InvalidOperationException($"Instance '{instanceId}' was changed by another writer {MaxCommitAttempts} times in a row; the message will be retried.");
    }

    // A start message (it carries the execution id the client created) can overtake the client's write of the
    // instance: deliver it again shortly. Anything else for an instance that does not exist is dropped.
    private async Task MissingInstanceAsync(string instanceId, List<PendingItem> batch, CancellationToken cancellationToken)
    {
        var queued = batch.Where(b => b.Done is not null).Select(b => b.Message).ToList();
        var starts = queued.Where(m => m.Event is null && m.Guard is null && m.ExecutionId is not null && m.Deferrals < MaxDeferrals).ToList();
        await ForEachAsync(starts, m => _storage.SendAsync(m with { Deferrals = m.Deferrals + 1 }, DeferralDelay, cancellationToken));
        if (queued.Count(m => m.Guard is null) - starts.Count is > 0 and var dropped)
        {
            LogDropped(_logger, instanceId, dropped, "the instance does not exist (purged?)");
        }
    }

    // Guard messages that arrived: one the instance still records means the activities it covered may be lost.
    // Returns whether the state changed.
    private async Task<bool> HandleGuardMessagesAsync(InstanceState state, List<HistoryEvent> history, InstanceWork work, List<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var id in messages.Select(m => m.Guard).OfType<string>())
        {
            if (!state.LocalGuards.Contains(id))
            {
                // Released, never committed, or already recovered: it covers nothing.
                continue;
            }

            HashSet<int> running;
            ActivityGuard? own;
            lock (_instances)
            {
                own = work.Guard;
                running = own is not null && work.LocalExecutionId == state.ExecutionId ? [.. work.LocalOpen] : [];
            }

            if (own is not null && own.Id == id && running.Count > 0)
            {
                // This process's own guard came back (a renewal was late) while its activities still run here: a
                // new guard takes over before the old one is deleted with this message.
                await own.StopRenewingAsync();
                var replacement = await SendGuardAsync(state.InstanceId, cancellationToken);
                lock (_instances)
                {
                    work.Guard = replacement;
                }

                state.LocalGuards = [.. state.LocalGuards.Where(g => g != id), replacement.Id];
                changed = true;
                continue;
            }

            var open = OpenActivities(history).Where(s => !running.Contains(s.TaskId)).ToList();
            await ForEachAsync(open, async s => await _storage.SendAsync(
                new ActivityMessage(state.InstanceId, state.ExecutionId, s.TaskId, s.Name, await _storage.OffloadAsync(s.Input, state.InstanceId, cancellationToken)),
                cancellationToken));
            LogRecovered(_logger, state.InstanceId, open.Count);
            await ReachedAsync("local.recovered");
            state.LocalGuards = [.. state.LocalGuards.Where(g => g != id)];
            changed = true;
        }

        return changed;
    }

    // The guard this episode's commit must record: a new one (sent before the commit) when it schedules activities
    // to run here and none covers them yet; none once no activity runs here any more. Returns whether the state changed.
    private async Task<bool> PrepareGuardAsync(InstanceState state, InstanceWork work, List<int> settled, List<TaskScheduled> started, OrchestrationRuntimeStatus? status, CancellationToken cancellationToken)
    {
        // Read together: giving the work up (a failed in-process activity) clears both at once. A guard taken here
        // is recorded even if the work is given up meanwhile, so what this commit records stays covered.
        bool stillOpen;
        ActivityGuard? guard;
        lock (_instances)
        {
            guard = work.Guard;
            stillOpen = started.Count > 0
                || ((status is null or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
                    && work.LocalExecutionId == state.ExecutionId
                    && work.LocalOpen.Except(settled).Any());
        }

        if (started.Count > 0 && guard is null)
        {
            guard = await SendGuardAsync(state.InstanceId, cancellationToken);
            lock (_instances)
            {
                work.Guard = guard;
            }
        }

        if (guard is null)
        {
            return false;
        }

        var recorded = state.LocalGuards.Contains(guard.Id);
        if (stillOpen && !recorded)
        {
            state.LocalGuards = [.. state.LocalGuards, guard.Id];
            return true;
        }

        if (!stillOpen && recorded)
        {
            state.LocalGuards = [.. state.LocalGuards.Where(g => g != guard.Id)];
            return true;
        }

        return false;
    }

    private async Task<ActivityGuard> SendGuardAsync(string instanceId, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var (messageId, popReceipt) = await _storage.SendGuardAsync(new OrchestrationMessage(instanceId, null, null, Guard: id), _options.LocalActivityLease, cancellationToken);
        var guard = new ActivityGuard(id, messageId, popReceipt);
        guard.StartRenewing((g, stop) => RenewGuardAsync(instanceId, g, stop));
        return guard;
    }

    // Keeps the guard invisible while its activities run; the queue's visibility runs on real time.
    private async Task RenewGuardAsync(string instanceId, ActivityGuard guard, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.LocalActivityLease / 2, TimeProvider.System, stop);

                // Not cancellable: a renewal the service applied must have its new receipt recorded.
                var receipt = await _storage.RenewGuardAsync(guard.MessageId, guard.PopReceipt, _options.LocalActivityLease, CancellationToken.None);
                if (receipt is null)
                {
                    // Someone received it: a recovery removes it from the state, which the next episode notices.
                    LogGuardLost(_logger, instanceId);
                    return;
                }

                guard.PopReceipt = receipt;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Released or given up.
        }
        catch (Azure.RequestFailedException ex)
        {
            // It lapses and a recovery sends its calls to the activity queue: duplicates, never losses.
            LogGuardRenewalFailed(_logger, ex, instanceId);
        }
    }

    // After an episode: forgets the results it handled, starts the activities it scheduled to run here, and deletes
    // the guard once nothing runs here any more. A null state means the instance is gone, finished or continued as
    // new, so nothing of its current activities matters.
    private async Task SettleLocalAsync(string instanceId, InstanceWork work, InstanceState? state, List<int> settled, List<TaskScheduled> started, CancellationToken cancellationToken)
    {
        ActivityGuard? release = null;
        object epoch;
        lock (_instances)
        {
            if (state is null || work.LocalExecutionId != state.ExecutionId)
            {
                work.LocalOpen.Clear();
                work.LocalExecutionId = state?.ExecutionId;
            }

            work.LocalOpen.ExceptWith(settled);
            work.LocalOpen.UnionWith(started.Select(s => s.TaskId));
            if (work.LocalOpen.Count == 0 && work.Guard is { } guard)
            {
                release = guard;
                work.Guard = null;
            }

            epoch = work.Epoch;
        }

        foreach (var step in started)
        {
            StartLocal(instanceId, work, epoch, new ActivityMessage(instanceId, state!.ExecutionId, step.TaskId, step.Name, step.Input));
        }

        if (release is not null)
        {
            await release.StopRenewingAsync();
            await ReachedAsync("local.released");
            await _storage.DeleteGuardAsync(release.MessageId, release.PopReceipt, cancellationToken);
        }
    }

    private void StartLocal(string instanceId, InstanceWork work, object epoch, ActivityMessage call) => _ = Task.Run(
        async () =>
        {
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
            HistoryEvent outcome;
            try
            {
                await _localSlots.WaitAsync(_stopping);
                try
                {
                    outcome = await RunActivityAsync(call, _stopping);
                }
                finally
                {
                    _localSlots.Release();
                }

                await ReachedAsync("local.ran");
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: the guard hands the call to the activity queue.
                return;
            }
            catch (Exception ex)
            {
                await AbandonAsync(instanceId, work, epoch, ex);
                return;
            }

            DeliverLocal(instanceId, work, epoch, new OrchestrationMessage(call.InstanceId, call.ExecutionId, outcome));
        },
        CancellationToken.None);

    // Gives up what only this process knew of the instance, as a crash would: in-process results and the cached
    // state are dropped and the guard is no longer renewed, so it lapses and a recovery takes over. With an epoch,
    // only if the work was not given up or ended since.
    private async Task AbandonAsync(string instanceId, InstanceWork work, object? epoch, Exception exception)
    {
        ActivityGuard? guard;
        int open;
        lock (_instances)
        {
            if (epoch is not null && !ReferenceEquals(work.Epoch, epoch))
            {
                return;
            }

            guard = work.Guard;
            open = work.LocalOpen.Count;
            work.Guard = null;
            work.LocalOpen.Clear();
            work.Committed = null;
            work.Epoch = new object();
            work.Pending.RemoveAll(p => p.Done is null);
            if (!work.Running && work.Pending.Count == 0 && _instances.TryGetValue(instanceId, out var current) && ReferenceEquals(current, work))
            {
                // No loop runs to remove it: nothing of the instance stays here.
                _instances.Remove(instanceId);
            }
        }

        if (guard is not null)
        {
            await guard.StopRenewingAsync();
        }

        if (open > 0 || guard is not null)
        {
            LogAbandoned(_logger, exception, instanceId, open);
        }
    }

    private static IEnumerable<TaskScheduled> OpenActivities(List<HistoryEvent> history)
    {
        var done = history.OfType<TaskEvent>().Where(e => e is TaskCompleted or TaskFailed).Select(e => e.TaskId).ToHashSet();
        return history.OfType<TaskScheduled>().Where(s => !done.Contains(s.TaskId));
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> send) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends }, async (item, _) => await send(item));

    private async Task<(List<HistoryEvent> Incoming, bool RecursiveTerminate)> BuildIncomingAsync(
        InstanceState state, List<HistoryEvent> history, IReadOnlyList<OrchestrationMessage> messages, DateTime now, CancellationToken cancellationToken)
    {
        var incoming = new List<HistoryEvent>();
        if (history.Count == 0)
        {
            // The first episode of an execution starts it, whatever message woke it.
            incoming.Add(new ExecutionStarted(now, state.Name, state.Version, state.ExecutionId, await _storage.ResolveAsync(state.Input, cancellationToken), state.ParentInstanceId, state.ParentTaskId, state.CarriedEvents.Length > 0 ? state.CarriedEvents : null));
        }

        var seen = new HashSet<string>(state.RecentEventIds, StringComparer.Ordinal);
        foreach (var e in history)
        {
            if (EventIdOf(e) is { } id)
            {
                seen.Add(id);
            }
        }

        var recursive = false;
        foreach (var message in messages)
        {
            if (message.Event is null)
            {
                continue;
            }

            if (message.ExecutionId is { } execution && execution != state.ExecutionId)
            {
                LogDropped(_logger, state.InstanceId, 1, $"it belongs to execution {execution}, not the current {state.ExecutionId}");
                continue;
            }

            if (EventIdOf(message.Event) is { } eventId && !seen.Add(eventId))
            {
                continue;
            }

            recursive |= message.Event is ExecutionTerminated && message.Recursive;
            incoming.Add(await ResolvePayloadAsync(message.Event, cancellationToken));
        }

        return (incoming, recursive);
    }

    // Payloads too large for a message travel as blob references; history keeps the payload itself (compressed),
    // so replay never depends on the blob.
    private async Task<HistoryEvent> ResolvePayloadAsync(HistoryEvent e, CancellationToken cancellationToken) => e switch
    {
        TaskCompleted c => c with { Result = await _storage.ResolveAsync(c.Result, cancellationToken) },
        SubOrchestrationCompleted c => c with { Result = await _storage.ResolveAsync(c.Result, cancellationToken) },
        EventRaised r => r with { Input = await _storage.ResolveAsync(r.Input, cancellationToken) },
        _ => e,
    };

    // Messages for the new steps go out before the commit, in parallel: if the commit fails they are duplicates that
    // replay ignores, while sending after it could lose them in a crash. Activities to run here are started after it.
    private async Task CarryOutAsync(InstanceState state, List<HistoryEvent> history, EpisodeResult result, bool recursiveTerminate, List<TaskScheduled> local, DateTime now, CancellationToken cancellationToken)
    {
        var runHere = local.Select(s => s.TaskId).ToHashSet();
        await ForEachAsync(result.NewSteps, step => step switch
        {
            TaskScheduled s when !runHere.Contains(s.TaskId) => SendActivityAsync(state, s, cancellationToken),
            TimerCreated t => _storage.SendAsync(new OrchestrationMessage(state.InstanceId, state.ExecutionId, new TimerFired(t.FireAt, t.TaskId, t.FireAt)), Hop(t.FireAt), cancellationToken),
            SubOrchestrationCreated c => StartChildAsync(state, c, now, cancellationToken),
            _ => Task.CompletedTask,
        });

        if (result.Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
            && state.ParentInstanceId is { } parent && state.ParentTaskId is { } parentTask)
        {
            HistoryEvent done = result.Status == OrchestrationRuntimeStatus.Completed
                ? new SubOrchestrationCompleted(now, parentTask, result.Output)
                : new SubOrchestrationFailed(now, parentTask, result.Failure ?? new TaskFailureDetails("Terminated", $"Sub-orchestration '{state.InstanceId}' was terminated."));
            await _storage.SendAsync(new OrchestrationMessage(parent, state.ParentExecutionId, done), null, cancellationToken);
        }

        if (result.Status == OrchestrationRuntimeStatus.Terminated && recursiveTerminate)
        {
            var finished = history.OfType<TaskEvent>().Where(e => e is SubOrchestrationCompleted or SubOrchestrationFailed).Select(e => e.TaskId).ToHashSet();
            await ForEachAsync(
                history.OfType<SubOrchestrationCreated>().Where(c => !finished.Contains(c.TaskId)),
                child => _storage.SendAsync(new OrchestrationMessage(child.InstanceId, null, new ExecutionTerminated(now, JsonPayload.Serialize("Parent terminated."), Guid.NewGuid().ToString()), Recursive: true), null, cancellationToken));
        }

        if (result.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // This process starts the next execution right after the commit; the delayed wake-up covers a crash in between.
            await _storage.SendAsync(new OrchestrationMessage(state.InstanceId, null, null), ContinueAsNewSafetyDelay, cancellationToken);
        }
    }

    private async Task SendActivityAsync(InstanceState state, TaskScheduled step, CancellationToken cancellationToken) =>
        await _storage.SendAsync(new ActivityMessage(state.InstanceId, state.ExecutionId, step.TaskId, step.Name, await _storage.OffloadAsync(step.Input, state.InstanceId, cancellationToken)), cancellationToken);

    private async Task StartChildAsync(InstanceState parent, SubOrchestrationCreated created, DateTime now, CancellationToken cancellationToken)
    {
        var version = created.Version.Length > 0 ? created.Version : _registry.NewestVersionOrEmpty(created.Name);
        var child = new InstanceState
        {
            InstanceId = created.InstanceId,
            Name = created.Name,
            Version = version,
            ExecutionId = Guid.NewGuid().ToString("N"),
            Status = OrchestrationRuntimeStatus.Pending,
            Input = await _storage.OffloadAsync(created.Input, created.InstanceId, cancellationToken),
            CreatedAt = now,
            LastUpdatedAt = now,
            ParentInstanceId = parent.InstanceId,
            ParentExecutionId = parent.ExecutionId,
            ParentTaskId = created.TaskId,
        };
        var executionId = child.ExecutionId;
        if (!await _storage.TryCreateAsync(child, cancellationToken))
        {
            var existing = await _storage.LoadAsync(created.InstanceId, withHistory: false, cancellationToken);
            if (existing?.State is not { } other || other.ParentInstanceId != parent.InstanceId || other.ParentTaskId != created.TaskId)
            {
                // Another instance owns the id: fail this call rather than adopt a stranger.
                await _storage.SendAsync(
                    new OrchestrationMessage(parent.InstanceId, parent.ExecutionId, new SubOrchestrationFailed(now, created.TaskId, new TaskFailureDetails("InstanceAlreadyExists", $"An instance with id '{created.InstanceId}' already exists."))),
                    null,
                    cancellationToken);
                return;
            }

            executionId = other.ExecutionId;
        }

        await _storage.SendAsync(new OrchestrationMessage(created.InstanceId, executionId, null), null, cancellationToken);
    }

    private static List<HistoryEvent> Apply(InstanceState state, List<HistoryEvent> history, EpisodeResult result, DateTime now)
    {
        state.LastUpdatedAt = now;
        if (result.CustomStatusChanged)
        {
            state.CustomStatus = result.CustomStatus;
        }

        switch (result.Status)
        {
            case OrchestrationRuntimeStatus.ContinuedAsNew:
                state.RecentEventIds = [.. state.RecentEventIds.Concat(history.Concat(result.NewEvents).Select(EventIdOf).OfType<string>()).TakeLast(200)];
                state.ExecutionId = Guid.NewGuid().ToString("N");
                state.Input = result.ContinueAsNew!.Value.Input;
                state.CarriedEvents = result.ContinueAsNew.Value.CarriedEvents;
                state.Status = OrchestrationRuntimeStatus.Running;
                state.HistoryRows = 0;

                // The finished execution's rows are removed after the commit; nothing of it is written.
                return [];
            case OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated:
                state.Status = result.Status;
                state.Output = result.Output;
                state.CompletedAt = now;
                break;
            case OrchestrationRuntimeStatus.Failed:
                state.Status = result.Status;
                state.Failure = result.Failure;
                state.CompletedAt = now;
                break;
            default:
                state.Status = result.Status;
                break;
        }

        return [.. result.NewEvents];
    }

    private async Task DeferAsync(IReadOnlyList<OrchestrationMessage> messages, TaskEvent early, CancellationToken cancellationToken)
    {
        // The event was copied when its payload was resolved: find its message by step and kind.
        var source = messages.First(m => m.Event is TaskEvent e && e.TaskId == early.TaskId && e.GetType() == early.GetType());
        if (source.Deferrals >= MaxDeferrals)
        {
            LogDropped(_logger, source.InstanceId, 1, $"the completion of step #{early.TaskId} matches no step the orchestration took, even after {MaxDeferrals} deliveries");
            return;
        }

        LogDeferred(_logger, source.InstanceId, early.TaskId);
        await _storage.SendAsync(source with { Deferrals = source.Deferrals + 1 }, DeferralDelay, cancellationToken);
    }

    private async Task MarkFailedAsync(string instanceId, string reason, Exception exception, CancellationToken cancellationToken)
    {
        var snapshot = await _storage.LoadAsync(instanceId, withHistory: false, cancellationToken);
        if (snapshot?.State is not { IsFinished: false } state)
        {
            return;
        }

        state.Status = OrchestrationRuntimeStatus.Failed;
        state.Failure = new TaskFailureDetails("PoisonMessage", reason, exception.StackTrace, TaskFailureDetails.FromException(exception));
        state.CompletedAt = state.LastUpdatedAt = Now();
        await _storage.TryCommitAsync(state, [], cancellationToken);
    }

    private ITaskOrchestrator? CreateOrchestrator(string name, string version) =>
        _registry.TryCreateOrchestrator(_services, name, version, out var orchestrator) ? orchestrator : null;

    // How long a message for something due at fireAt stays invisible: until it is due, at most one hop. Queue
    // visibility has whole-second resolution (the service truncates), so the delay is rounded up: a timer may
    // fire up to a second late, never early.
    private TimeSpan Hop(DateTime fireAt)
    {
        var remaining = fireAt - Now();
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var hop = remaining < _options.MaxTimerHop ? remaining : _options.MaxTimerHop;
        return TimeSpan.FromSeconds(Math.Min(Math.Ceiling(hop.TotalSeconds), MaxVisibilitySeconds));
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private static string? EventIdOf(HistoryEvent e) => e switch
    {
        EventRaised r => r.EventId,
        ExecutionTerminated t => t.EventId,
        ExecutionSuspended s => s.EventId,
        ExecutionResumed r => r.EventId,
        _ => null,
    };

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Instance {InstanceId} committed: {Status}, {EventCount} new history events")]
    private static partial void LogCommitted(ILogger logger, string instanceId, OrchestrationRuntimeStatus status, int eventCount);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Instance {InstanceId}: another writer committed first (attempt {Attempt}); replaying again")]
    private static partial void LogConflict(ILogger logger, string instanceId, int attempt);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Instance {InstanceId}: {Count} message(s) dropped because {Reason}")]
    private static partial void LogDropped(ILogger logger, string instanceId, int count, string reason);

    [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "Instance {InstanceId}: a message failed {DequeueCount} times; the instance is marked Failed and the message goes to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string instanceId, int dequeueCount);

    [LoggerMessage(EventId = 504, Level = LogLevel.Debug, Message = "Instance {InstanceId}: completion of step #{TaskId} arrived before the step was recorded; delivering it again shortly")]
    private static partial void LogDeferred(ILogger logger, string instanceId, int taskId);

    [LoggerMessage(EventId = 505, Level = LogLevel.Debug, Message = "Activity {Name} (#{TaskId}) of instance {InstanceId} completed")]
    private static partial void LogActivityCompleted(ILogger logger, string name, int taskId, string instanceId);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "Activity {Name} (#{TaskId}) of instance {InstanceId} failed")]
    private static partial void LogActivityFailed(ILogger logger, Exception exception, string name, int taskId, string instanceId);

    [LoggerMessage(EventId = 507, Level = LogLevel.Warning, Message = "Instance {InstanceId}: a guard of in-process activities arrived while the instance still records it; {Count} open activity call(s) sent to the activity queue")]
    private static partial void LogRecovered(ILogger logger, string instanceId, int count);

    [LoggerMessage(EventId = 508, Level = LogLevel.Warning, Message = "Instance {InstanceId}: this process's guard of in-process activities was handled by a recovery; its calls went to the activity queue")]
    private static partial void LogGuardSpent(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 509, Level = LogLevel.Warning, Message = "Instance {InstanceId}: the guard of in-process activities was received by someone before it was renewed")]
    private static partial void LogGuardLost(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Instance {InstanceId}: the guard of in-process activities could not be renewed; it will lapse and its calls go to the activity queue")]
    private static partial void LogGuardRenewalFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Instance {InstanceId}: processing failed; {Count} in-process activity call(s) are left to the guard, which sends them to the activity queue when it lapses")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string instanceId, int count);

    private sealed class ActivityContext(ActivityMessage message, CancellationToken cancellationToken) : TaskActivityContext
    {
        public override TaskName Name => new(message.Name);

        public override string InstanceId => message.InstanceId;

        public override string IdempotencyKey => $"{message.InstanceId}:{message.ExecutionId}:{message.TaskId}";

        public override CancellationToken CancellationToken => cancellationToken;
    }
}
