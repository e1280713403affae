using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>
/// Runs a queue- or timer-triggered function in a DI scope of its own, logging the outcome; a thrown exception is a
/// failed outcome for the listener to act on (retry, poison), never an exception that stops it.
/// </summary>
internal sealed class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    /// <summary>Invokes <paramref name="function"/> with <paramref name="triggerValue"/>.</summary>
    public async Task<InvocationOutcome> InvokeAsync(FunctionMethod function, object triggerValue, CancellationToken cancellationToken)
    {
        var invocationId = Guid.NewGuid().ToString();
        using var logScope = StandaloneLog.InvocationScope(logger, function.Name, invocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await function.InvokeAsync(new InvocationArguments(scope.ServiceProvider, triggerValue, HttpContext: null, cancellationToken));
            var elapsed = Stopwatch.GetElapsedTime(started);
            StandaloneLog.InvocationSucceeded(logger, function.Name, invocationId, elapsed.TotalMilliseconds);
            return InvocationOutcome.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            StandaloneLog.InvocationCancelled(logger, function.Name, invocationId);
            return InvocationOutcome.Cancelled;
        }
        catch (Exception ex)
        {
            StandaloneLog.InvocationFailed(logger, ex, function.Name, invocationId);
            return InvocationOutcome.Failed;
        }
    }
}
