namespace IkmaWorkflow.DurableTask;

/// <summary>An orchestrator of any input and output type, as the worker runs it.</summary>
public interface ITaskOrchestrator
{
    /// <summary>The input type.</summary>
    Type InputType { get; }

    /// <summary>The output type.</summary>
    Type OutputType { get; }

    /// <summary>Runs the orchestration with a deserialized input.</summary>
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// Base class of orchestrators: code that calls activities, timers and events through its
/// <see cref="TaskOrchestrationContext"/> and is replayed from history to rebuild its state.
/// </summary>
/// <remarks>
/// Orchestrator code must be deterministic: on every replay it must make the same calls in the same order. Use
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, <see cref="TaskOrchestrationContext.NewGuid"/>,
/// <see cref="TaskOrchestrationContext.CreateTimer(DateTime, CancellationToken)"/> and
/// <see cref="TaskOrchestrationContext.CreateReplaySafeLogger(string)"/> instead of the wall clock, random numbers,
/// <c>Task.Delay</c> and plain loggers, and do I/O only in activities. The build enforces this (IKDT analyzer rules).
/// </remarks>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <inheritdoc/>
    Type ITaskOrchestrator.InputType => typeof(TInput);

    /// <inheritdoc/>
    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    /// <summary>Runs the orchestration.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    /// <inheritdoc/>
    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}

/// <summary>An activity of any input and output type, as the worker runs it.</summary>
public interface ITaskActivity
{
    /// <summary>The input type.</summary>
    Type InputType { get; }

    /// <summary>The output type.</summary>
    Type OutputType { get; }

    /// <summary>Runs the activity with a deserialized input.</summary>
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// Base class of activities: the units of real work (storage, email, PDF) an orchestration calls. An activity runs
/// at least once; <see cref="TaskActivityContext.IdempotencyKey"/> lets it make repeated runs harmless.
/// Activities get their dependencies by constructor injection.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <inheritdoc/>
    Type ITaskActivity.InputType => typeof(TInput);

    /// <inheritdoc/>
    Type ITaskActivity.OutputType => typeof(TOutput);

    /// <summary>Runs the activity.</summary>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    /// <inheritdoc/>
    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}

/// <summary>What an activity knows about its call.</summary>
public abstract class TaskActivityContext
{
    /// <summary>The activity's name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The orchestration instance that called it.</summary>
    public abstract string InstanceId { get; }

    /// <summary>
    /// A key that is the same for every run of this call (every retry of the message, on any process) and different
    /// for every other call: use it to make side effects idempotent.
    /// </summary>
    public abstract string IdempotencyKey { get; }

    /// <summary>Cancelled when the worker shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }
}
