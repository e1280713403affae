using IkmaWorkflow.CustomHandler.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>
/// Runs queue- and timer-triggered functions by name. Both the host's HTTP invocation endpoint and the standalone
/// triggers go through here, so a function behaves the same under either.
/// </summary>
public sealed partial class FunctionInvoker
{
    private readonly Dictionary<string, TriggerFunctionRegistration> _handlers;
    private readonly Dictionary<string, FunctionMetadata> _functions;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<FunctionInvoker> _logger;

    /// <summary>Creates the invoker over the app's functions and the registered handlers.</summary>
    public FunctionInvoker(
        FunctionAppMetadata app,
        IEnumerable<TriggerFunctionRegistration> handlers,
        IServiceScopeFactory scopes,
        ILogger<FunctionInvoker> logger)
    {
        _functions = app.Functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _handlers = handlers.ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
        _scopes = scopes;
        _logger = logger;
    }

    /// <summary>Finds a triggered function that has both a <c>function.json</c> and a handler.</summary>
    public bool TryGetFunction(string name, out FunctionMetadata function) =>
        _functions.TryGetValue(name, out function!) && _handlers.ContainsKey(name) && !function.IsTriggeredBy(FunctionMetadata.HttpTrigger);

    /// <summary>Invokes <paramref name="function"/> with <paramref name="request"/>; a thrown exception becomes a failed outcome.</summary>
    public async Task<InvocationOutcome> InvokeAsync(FunctionMetadata function, InvocationRequest request, string invocationId, CancellationToken cancellationToken)
    {
        var handler = _handlers[function.Name];
        var invocation = new TriggerInvocation(function, request, invocationId);
        using var logScope = InvocationScope(_logger, function.Name, invocationId);
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await handler.Handler(scope.ServiceProvider, invocation, cancellationToken);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            LogSucceeded(_logger, function.Name, invocationId, elapsed.TotalMilliseconds);
            return new InvocationOutcome(invocation.Response, null);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown cancelled it: not the function's failure, and its trigger is handed back for another attempt.
            LogCancelled(_logger, function.Name, invocationId);
            invocation.Response.Logs.Add($"{function.Name} was cancelled by shutdown.");
            return new InvocationOutcome(invocation.Response, ex);
        }
        catch (Exception ex)
        {
            LogFailed(_logger, ex, function.Name, invocationId);
            invocation.Response.Logs.Add($"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
            return new InvocationOutcome(invocation.Response, ex);
        }
    }

    // Every line logged during an invocation, the function's own included, carries the function and invocation id.
    private static readonly Func<ILogger, string, string, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, string>("Function {FunctionName} invocation {InvocationId}");

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Function {FunctionName} invocation {InvocationId} succeeded in {ElapsedMs:F0} ms")]
    private static partial void LogSucceeded(ILogger logger, string functionName, string invocationId, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Function {FunctionName} invocation {InvocationId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Function {FunctionName} invocation {InvocationId} was cancelled by shutdown")]
    private static partial void LogCancelled(ILogger logger, string functionName, string invocationId);
}
