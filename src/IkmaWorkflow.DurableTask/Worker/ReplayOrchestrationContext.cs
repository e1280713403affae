using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IkmaWorkflow.DurableTask.History;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask.Worker;

/// <summary>
/// The context an orchestration runs against during one episode: it replays history into the code's tasks, then
/// applies new events and collects the new steps the code takes.
/// </summary>
internal sealed class ReplayOrchestrationContext : TaskOrchestrationContext
{
    private readonly ExecutionStarted _started;
    private readonly ILoggerFactory _loggers;
    private readonly EpisodeSynchronizationContext _sync = new();
    private readonly SortedDictionary<int, PendingAction> _actions = [];
    private readonly Dictionary<int, Action<HistoryEvent>> _completions = [];
    private readonly Dictionary<string, LinkedList<Action<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, string? Input)> _buffered = [];
    private int _nextTaskId;
    private int _guidCounter;
    private Task<object?>? _run;

    public ReplayOrchestrationContext(ExecutionStarted started, string instanceId, ILoggerFactory loggers)
    {
        _started = started;
        InstanceId = instanceId;
        _loggers = loggers;
        Name = new TaskName(started.Name, started.Version);
        _currentUtc = started.Timestamp;
        foreach (var carried in started.CarriedEvents ?? [])
        {
            var e = JsonSerializer.Deserialize<CarriedEvent>(carried, JsonPayload.Options)!;
            _buffered.Add((e.Name, e.Input));
        }
    }

    public override TaskName Name { get; }

    public override string InstanceId { get; }

    public override DateTime CurrentUtcDateTime => _currentUtc;

    public override bool IsReplaying => _isReplaying;

    /// <summary>The custom status the code set, as JSON, or null.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>New completions for steps the code has not taken (yet): to be delivered again later.</summary>
    public List<TaskEvent> EarlyCompletions { get; } = [];

    /// <summary>Whether <see cref="SetCustomStatus"/> was called this episode.</summary>
    public bool CustomStatusChanged { get; private set; }

    /// <summary>The input and carried events of a <see cref="ContinueAsNew"/>, if the code asked for one.</summary>
    public (string? Input, string[] CarriedEvents)? ContinuedAsNew { get; private set; }

    /// <summary>The orchestration's run, once started.</summary>
    public Task<object?>? Run => _run;

    private DateTime _currentUtc;
    private bool _isReplaying = true;

    /// <summary>Sets whether the events being applied are history (true) or new.</summary>
    public void SetReplaying(bool replaying) => _isReplaying = replaying;

    /// <summary>Starts the orchestrator code.</summary>
    public void Start(ITaskOrchestrator orchestrator)
    {
        var input = _started.Input is null ? null : JsonSerializer.Deserialize(_started.Input, orchestrator.InputType, JsonPayload.Options);
        _sync.Run(() => _run = orchestrator.RunAsync(this, input));
    }

    /// <summary>
    /// Applies one event. Returns false for an event that changes nothing (a duplicate or orphan completion), which
    /// is then not recorded.
    /// </summary>
    /// <exception cref="NonDeterministicOrchestrationException">The code took a different step than history records.</exception>
    public bool Apply(HistoryEvent e)
    {
        switch (e)
        {
            case OrchestratorStarted started:
                _currentUtc = started.Timestamp;
                return true;
            case TaskScheduled or TimerCreated or SubOrchestrationCreated:
                var recorded = (TaskEvent)e;
                if (!_actions.TryGetValue(recorded.TaskId, out var action))
                {
                    throw new NonDeterministicOrchestrationException(recorded.TaskId, PendingAction.Describe(recorded), "no step there");
                }

                if (!PendingAction.SameStep(action.Event, recorded))
                {
                    throw new NonDeterministicOrchestrationException(recorded.TaskId, PendingAction.Describe(recorded), PendingAction.Describe(action.Event));
                }

                action.Recorded = true;
                return true;
            case TaskCompleted or TaskFailed or TimerFired or SubOrchestrationCompleted or SubOrchestrationFailed:
                var completion = (TaskEvent)e;
                if (!_completions.Remove(completion.TaskId, out var complete))
                {
                    if (!_isReplaying && !_actions.ContainsKey(completion.TaskId))
                    {
                        // Its step is not recorded yet (the scheduling commit is still in flight elsewhere): not a
                        // duplicate, so it must be delivered again later rather than dropped.
                        EarlyCompletions.Add(completion);
                    }

                    return false;
                }

                _sync.Run(() => complete(e));
                return true;
            case EventRaised raised:
                _sync.Run(() => Deliver(raised.Name, raised.Input));
                return true;
            default:
                return true;
        }
    }

    /// <summary>The steps the code took that history does not record yet, as events to record.</summary>
    public IEnumerable<TaskEvent> NewSteps() => _actions.Values.Where(a => !a.Recorded).Select(a => a.Event);

    /// <summary>The ids of steps still waiting for their completion.</summary>
    public IEnumerable<int> OpenSteps => _completions.Keys;

    public override T? GetInput<T>()
        where T : default => _started.Input is null ? default : JsonSerializer.Deserialize<T>(_started.Input, JsonPayload.Options);

    public override async Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var serialized = JsonPayload.Serialize(input);
        return await WithRetries(options, () => Schedule<TResult>(id => new TaskScheduled(_currentUtc, id, name.Name, serialized), name.Name));
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var serialized = JsonPayload.Serialize(input);
        var explicitId = (options as SubOrchestrationOptions)?.InstanceId;
        return await WithRetries(options, () => Schedule<TResult>(
            id => new SubOrchestrationCreated(_currentUtc, id, orchestratorName.Name, orchestratorName.Version, explicitId ?? $"{InstanceId}:{id:D4}", serialized),
            orchestratorName.Name));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var id = _nextTaskId++;
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        _actions[id] = new PendingAction(id, new TimerCreated(_currentUtc, id, utc));
        var source = new TaskCompletionSource();
        _completions[id] = _ => source.TrySetResult();
        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled timer stays in history; its later firing finds nothing to complete and is ignored.
            cancellationToken.Register(() =>
            {
                _completions.Remove(id);
                source.TrySetCanceled(cancellationToken);
            });
        }

        return source.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var source = new TaskCompletionSource<T>();
        var index = _buffered.FindIndex(b => string.Equals(b.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = _buffered[index];
            _buffered.RemoveAt(index);
            Complete(source, buffered.Input);
            return source.Task;
        }

        if (!_waiters.TryGetValue(eventName, out var queue))
        {
            queue = new LinkedList<Action<string?>>();
            _waiters[eventName] = queue;
        }

        var node = queue.AddLast(input => Complete(source, input));
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    queue.Remove(node);
                }

                source.TrySetCanceled(cancellationToken);
            });
        }

        return source.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = WaitForExternalEvent<T>(eventName, stop.Token);
        var timer = CreateTimer(_currentUtc.Add(timeout), stop.Token);
        var first = await Task.WhenAny(received, timer);

        // Cancel, not CancelAsync: the callbacks must run here, on the replay thread, not on the thread pool.
#pragma warning disable CA1849
        stop.Cancel();
#pragma warning restore CA1849
        if (first == received)
        {
            return await received;
        }

        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        ContinuedAsNew = (JsonPayload.Serialize(newInput), preserveUnprocessedEvents
            ? [.. _buffered.Select(b => JsonSerializer.Serialize(new CarriedEvent(b.Name, b.Input), JsonPayload.Options))]
            : []);

    public override void SetCustomStatus(object? customStatus)
    {
        CustomStatus = JsonPayload.Serialize(customStatus);
        CustomStatusChanged = true;
    }

    public override Guid NewGuid()
    {
        // A name-based (version 5) UUID of the instance, the episode time and a counter: unique, and the same on replay.
        var name = Encoding.UTF8.GetBytes($"{InstanceId}_{_currentUtc:O}_{_guidCounter++}");
#pragma warning disable CA5350 // RFC 4122 defines version 5 UUIDs on SHA-1; this makes an identifier, not a security hash.
        var hash = SHA1.HashData([.. NamespaceBytes, .. name]);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, _loggers.CreateLogger(categoryName));

    private static readonly byte[] NamespaceBytes = Guid.Parse("9e952958-5e33-4daf-827f-2fa12937b875").ToByteArray(bigEndian: true);

    private Task<TResult> Schedule<TResult>(Func<int, TaskEvent> step, string name)
    {
        var id = _nextTaskId++;
        _actions[id] = new PendingAction(id, step(id));
        var source = new TaskCompletionSource<TResult>();
        _completions[id] = e =>
        {
            switch (e)
            {
                case TaskCompleted c:
                    Complete(source, c.Result);
                    break;
                case SubOrchestrationCompleted c:
                    Complete(source, c.Result);
                    break;
                case TaskFailed f:
                    source.TrySetException(new TaskFailedException(name, id, f.Failure));
                    break;
                case SubOrchestrationFailed f:
                    source.TrySetException(new TaskFailedException(name, id, f.Failure));
                    break;
            }
        };
        return source.Task;
    }

    private async Task<TResult> WithRetries<TResult>(TaskOptions? options, Func<Task<TResult>> attempt)
    {
        if (options?.Retry?.Policy is not { } policy)
        {
            return await attempt();
        }

        var firstAttemptAt = _currentUtc;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex) when (number < policy.MaxNumberOfAttempts && policy.HandleFailure(ex.FailureDetails))
            {
                var delay = policy.DelayBefore(number + 1);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && _currentUtc + delay - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(_currentUtc + delay, CancellationToken.None);
            }
        }
    }

    private void Deliver(string name, string? input)
    {
        if (_waiters.TryGetValue(name, out var queue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            first.Value(input);
        }
        else
        {
            _buffered.Add((name, input));
        }
    }

    private static void Complete<T>(TaskCompletionSource<T> source, string? json)
    {
        try
        {
            source.TrySetResult(json is null ? default! : JsonSerializer.Deserialize<T>(json, JsonPayload.Options)!);
        }
        catch (JsonException ex)
        {
            source.TrySetException(new InvalidOperationException($"The result could not be read as {typeof(T).Name}: {ex.Message}", ex));
        }
    }

    /// <summary>An event carried over by ContinueAsNew.</summary>
    internal sealed record CarriedEvent(string Name, string? Input);

    private sealed class ReplaySafeLogger(ReplayOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (context.IsReplaying)
            {
                return;
            }

            using (inner.BeginScope(new Dictionary<string, object> { ["InstanceId"] = context.InstanceId }))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
