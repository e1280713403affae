using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The context an orchestrator function gets: the worker's context with <see cref="GetInput{T}"/> working for any
/// <c>T</c>, as in Durable Functions for the isolated worker.
/// </summary>
/// <remarks>
/// The worker deserializes the input once, to the type the orchestrator declares, and its <c>GetInput&lt;T&gt;</c>
/// only casts that value. A function orchestrator declares no type (or that of its input parameter), so the input
/// arrives as that type or as a <see cref="System.Text.Json.JsonElement"/>; this context converts it to the type
/// asked for through the worker's <see cref="DataConverter"/>. Everything else is the worker's context.
/// </remarks>
internal sealed class FunctionOrchestrationContext : TaskOrchestrationContext
{
    private readonly TaskOrchestrationContext _inner;
    private readonly object? _input;
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;

    public FunctionOrchestrationContext(TaskOrchestrationContext inner, object? input, DataConverter converter, ILoggerFactory loggerFactory)
    {
        _inner = inner;
        _input = input;
        _converter = converter;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc/>
    public override TaskName Name => _inner.Name;

    /// <inheritdoc/>
    public override string InstanceId => _inner.InstanceId;

    /// <inheritdoc/>
    public override ParentOrchestrationInstance? Parent => _inner.Parent;

    /// <inheritdoc/>
    public override DateTime CurrentUtcDateTime => _inner.CurrentUtcDateTime;

    /// <inheritdoc/>
    public override bool IsReplaying => _inner.IsReplaying;

    /// <inheritdoc/>
    public override string Version => _inner.Version;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> Properties => _inner.Properties;

    /// <inheritdoc/>
    public override TaskOrchestrationEntityFeature Entities => _inner.Entities;

    /// <inheritdoc/>
    public override ILoggerFactory ReplaySafeLoggerFactory => _inner.ReplaySafeLoggerFactory;

    /// <inheritdoc/>
    protected override ILoggerFactory LoggerFactory => _loggerFactory;

    /// <inheritdoc/>
    public override T GetInput<T>()
    {
        if (_input is null)
        {
            return default!;
        }

        if (_input is T typed)
        {
            return typed;
        }

        // The same bytes on every replay give the same value, so the conversion is deterministic.
        return _converter.Deserialize<T>(_converter.Serialize(_input))!;
    }

    /// <inheritdoc/>
    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        _inner.CallActivityAsync<TResult>(name, input, options);

    /// <inheritdoc/>
    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => _inner.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc/>
    public override Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => _inner.CreateTimer(delay, cancellationToken);

    /// <inheritdoc/>
    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        _inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    /// <inheritdoc/>
    public override void SendEvent(string instanceId, string eventName, object payload) => _inner.SendEvent(instanceId, eventName, payload);

    /// <inheritdoc/>
    public override void SetCustomStatus(object? customStatus) => _inner.SetCustomStatus(customStatus);

    /// <inheritdoc/>
    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        _inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    /// <inheritdoc/>
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        _inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    /// <inheritdoc/>
    public override void ContinueAsNew(ContinueAsNewOptions options) => _inner.ContinueAsNew(options);

    /// <inheritdoc/>
    public override Guid NewGuid() => _inner.NewGuid();

    /// <inheritdoc/>
    public override int CompareVersionTo(string version) => _inner.CompareVersionTo(version);

    /// <inheritdoc/>
    public override ILogger CreateReplaySafeLogger(string categoryName) => _inner.CreateReplaySafeLogger(categoryName);

    /// <inheritdoc/>
    public override ILogger CreateReplaySafeLogger(Type type) => _inner.CreateReplaySafeLogger(type);

    /// <inheritdoc/>
    public override ILogger CreateReplaySafeLogger<T>() => _inner.CreateReplaySafeLogger<T>();
}
