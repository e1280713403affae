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
/// </remarks>
public sealed partial class DurableTaskWorker
{
    private const int MaxCommitAttempts = 5;
    private const int MaxDeferrals = 20;
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
    private readonly Dictionary<string, InstanceWork> _instances = new(StringComparer.Ordinal);

    internal DurableTaskWorker(DurableStorage storage, DurableTaskRegistry registry, IServiceProvider services, DurableTaskOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _storage = storage;
        _registry = registry;
        _services = services;
        _options = options;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<DurableTaskWorker>();
    }

    /// <summary>
    /// Called at each checkpoint of message processing (<c>episode.sent</c>, <c>episode.committed</c>,
    /// <c>activity.ran</c>, <c>activity.sent</c>, <c>timer.hop</c>); a test throws from it to simulate a crash there.
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
        HistoryEvent outcome;
        await using (var services = _services.CreateAsyncScope())
        {
            if (!_registry.TryCreateActivity(services.ServiceProvider, message.Name, out var activity))
            {
                outcome = new TaskFailed(Now(), message.TaskId, new TaskFailureDetails("ActivityNotRegistered", $"Activity '{message.Name}' is not registered in this app."));
            }
            else
            {
                try
                {
                    var input = await _storage.ResolveAsync(message.Input, cancellationToken);
                    var context = new ActivityContext(message, cancellationToken);
                    var result = await activity.RunAsync(context, input is null ? null : JsonSerializer.Deserialize(input, activity.InputType, JsonPayload.Options));
                    outcome = new TaskCompleted(Now(), message.TaskId, await _storage.OffloadAsync(JsonPayload.Serialize(result), message.InstanceId, cancellationToken));
                    LogActivityCompleted(_logger, message.Name, message.TaskId, message.InstanceId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogActivityFailed(_logger, ex, message.Name, message.TaskId, message.InstanceId);
                    outcome = new TaskFailed(Now(), message.TaskId, TaskFailureDetails.FromException(ex));
                }
            }
        }

        await ReachedAsync("activity.ran");
        await _storage.SendAsync(new OrchestrationMessage(message.InstanceId, message.ExecutionId, outcome), null, cancellationToken);
        await ReachedAsync("activity.sent");
    }

    private Task ReachedAsync(string checkpoint) => Checkpoint?.Invoke(checkpoint) ?? Task.CompletedTask;

    private Task DeliverAsync(string instanceId, OrchestrationMessage message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = false;
        InstanceWork work;
        lock (_instances)
        {
            if (!_instances.TryGetValue(instanceId, out work!))
            {
                work = new InstanceWork();
                _instances[instanceId] = work;
            }

            work.Pending.Add((message, done));
            if (!work.Running)
            {
                work.Running = true;
                start = true;
            }
        }

        if (start)
        {
            _ = Task.Run(() => RunInstanceAsync(instanceId, work), CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    // One loop per instance in this process: every message that arrived while an episode ran goes into the next one.
    private async Task RunInstanceAsync(string instanceId, InstanceWork work)
    {
        while (true)
        {
            List<(OrchestrationMessage Message, TaskCompletionSource Done)> batch;
            lock (_instances)
            {
                if (work.Pending.Count == 0)
                {
                    work.Running = false;
                    _instances.Remove(instanceId);
                    return;
                }

                batch = [.. work.Pending];
                work.Pending.Clear();
            }

            try
            {
                var continued = await RunEpisodeAsync(instanceId, [.. batch.Select(b => b.Message)], CancellationToken.None);
                foreach (var (_, done) in batch)
                {
                    done.TrySetResult();
                }

                if (continued)
                {
                    lock (_instances)
                    {
                        work.Pending.Add((new OrchestrationMessage(instanceId, null, null), new TaskCompletionSource()));
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
        }
    }

    /// <returns>Whether the instance continued as new, so its next execution should start at once.</returns>
    private async Task<bool> RunEpisodeAsync(string instanceId, IReadOnlyList<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
        for (var attempt = 1; attempt <= MaxCommitAttempts; attempt++)
        {
            var snapshot = await _storage.LoadAsync(instanceId, withHistory: true, cancellationToken);
            if (snapshot is null)
            {
                LogDropped(_logger, instanceId, messages.Count, "the instance does not exist (purged?)");
                return false;
            }

            var state = snapshot.State;
            if (state.IsFinished)
            {
                LogDropped(_logger, instanceId, messages.Count, $"the instance is {state.Status}");
                return false;
            }

            var now = Now();
            if (snapshot.History.Count == 0 && state.ScheduledStartAt is { } startAt && startAt > now)
            {
                foreach (var message in messages)
                {
                    await _storage.SendAsync(message, Hop(startAt.UtcDateTime), cancellationToken);
                }

                return false;
            }

            var (incoming, recursiveTerminate) = await BuildIncomingAsync(state, snapshot.History, messages, now, cancellationToken);
            if (incoming.Count == 0)
            {
                return false;
            }

            var result = OrchestrationExecutor.Run(instanceId, snapshot.History, incoming, CreateOrchestrator, _loggers, now);
            await CarryOutAsync(state, snapshot.History, result, recursiveTerminate, now, cancellationToken);
            var newEvents = Apply(state, snapshot.History, result, now);
            await ReachedAsync("episode.sent");
            if (await _storage.TryCommitAsync(state, newEvents, cancellationToken))
            {
                LogCommitted(_logger, instanceId, result.Status, newEvents.Count);
                await ReachedAsync("episode.committed");
                foreach (var early in result.EarlyCompletions)
                {
                    await DeferAsync(messages, early, cancellationToken);
                }

                if (snapshot.StaleRowKeys.Count > 0)
                {
                    await _storage.DeleteRowsAsync(instanceId, snapshot.StaleRowKeys, cancellationToken);
                }

                return result.Status == OrchestrationRuntimeStatus.ContinuedAsNew;
            }

            LogConflict(_logger, instanceId, attempt);
        }

        throw new InvalidOperationException($"Instance '{instanceId}' was changed by another writer {MaxCommitAttempts} times in a row; the message will be retried.");
    }

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

    // Messages for the new steps go out before the commit: if the commit fails they are duplicates that replay
    // ignores, while sending after it could lose them in a crash.
    private async Task CarryOutAsync(InstanceState state, List<HistoryEvent> history, EpisodeResult result, bool recursiveTerminate, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var step in result.NewSteps)
        {
            switch (step)
            {
                case TaskScheduled s:
                    await _storage.SendAsync(new ActivityMessage(state.InstanceId, state.ExecutionId, s.TaskId, s.Name, await _storage.OffloadAsync(s.Input, state.InstanceId, cancellationToken)), cancellationToken);
                    break;
                case TimerCreated t:
                    await _storage.SendAsync(new OrchestrationMessage(state.InstanceId, state.ExecutionId, new TimerFired(t.FireAt, t.TaskId, t.FireAt)), Hop(t.FireAt), cancellationToken);
                    break;
                case SubOrchestrationCreated c:
                    await StartChildAsync(state, c, now, cancellationToken);
                    break;
            }
        }

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
            foreach (var child in history.OfType<SubOrchestrationCreated>().Where(c => !finished.Contains(c.TaskId)))
            {
                await _storage.SendAsync(new OrchestrationMessage(child.InstanceId, null, new ExecutionTerminated(now, JsonPayload.Serialize("Parent terminated."), Guid.NewGuid().ToString()), Recursive: true), null, cancellationToken);
            }
        }

        if (result.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            // This process starts the next execution right after the commit; the delayed wake-up covers a crash in between.
            await _storage.SendAsync(new OrchestrationMessage(state.InstanceId, null, null), ContinueAsNewSafetyDelay, cancellationToken);
        }
    }

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
        }

        await _storage.SendAsync(new OrchestrationMessage(created.InstanceId, null, null), null, cancellationToken);
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
        var source = messages.First(m => ReferenceEquals(m.Event, early));
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

    private sealed class InstanceWork
    {
        public List<(OrchestrationMessage Message, TaskCompletionSource Done)> Pending { get; } = [];

        public bool Running { get; set; }
    }

    private sealed class ActivityContext(ActivityMessage message, CancellationToken cancellationToken) : TaskActivityContext
    {
        public override TaskName Name => new(message.Name);

        public override string InstanceId => message.InstanceId;

        public override string IdempotencyKey => $"{message.InstanceId}:{message.ExecutionId}:{message.TaskId}";

        public override CancellationToken CancellationToken => cancellationToken;
    }
}
