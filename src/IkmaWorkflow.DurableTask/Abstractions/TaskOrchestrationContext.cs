using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask;

/// <summary>The orchestration's view of its instance: deterministic time, ids, tasks, timers and events.</summary>
/// <remarks>
/// Every member is replay-aware. Calls return tasks that complete from history when replaying and from new events
/// otherwise, so the code runs as if it never stopped. Members are virtual so orchestrators can be unit tested
/// against a mocked context.
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The orchestrator version this instance started with and keeps replaying.</summary>
    public virtual string Version => Name.Version;

    /// <summary>The current time as recorded in history: the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>Whether the code is replaying history rather than running for the first time.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The instance input.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Calls an activity and returns its result.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after its retries).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    /// <summary>Calls an activity that returns nothing.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after its retries).</exception>
    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>A durable timer firing at <paramref name="fireAt"/> (UTC); any length, months included.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer firing after <paramref name="delay"/>.</summary>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>
    /// Waits for an external event named <paramref name="eventName"/> (case-insensitive). Events raised before the
    /// wait are buffered and delivered in order.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an external event at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TaskCanceledException">No event arrived in time.</exception>
    public virtual Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) =>
        WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <summary>Waits for an external event at most <paramref name="timeout"/>, or until cancelled.</summary>
    /// <exception cref="TaskCanceledException">No event arrived in time.</exception>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Runs another orchestration as a child and returns its output.</summary>
    /// <exception cref="TaskFailedException">The child failed.</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>Runs another orchestration as a child.</summary>
    /// <exception cref="TaskFailedException">The child failed.</exception>
    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>
    /// Restarts the instance with a fresh history and <paramref name="newInput"/> once the code returns. Buffered
    /// events not yet received are carried over when <paramref name="preserveUnprocessedEvents"/> is true.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Sets the status clients read (the stage and what the instance waits for).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A new GUID, the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when not replaying, each line carrying the instance id.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A logger that writes only when not replaying, each line carrying the instance id.</summary>
    public virtual ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
