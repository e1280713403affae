using System.Diagnostics;
using IkmaWorkflow.Standalone.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Http;

/// <summary>
/// Answers the requests of one HTTP function: binds and invokes it in the request's DI scope and writes its result.
/// A failure becomes a problem-details answer without internals; the log has the exception.
/// </summary>
internal sealed class HttpFunctionHandler(HttpFunction function, InvocationCancellation shutdown, ILogger logger)
{
    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var name = function.Method.Name;
        var invocationId = Guid.NewGuid().ToString();
        using var logScope = StandaloneLog.InvocationScope(logger, name, invocationId);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await function.Method.InvokeAsync(new InvocationArguments(context.RequestServices, TriggerValue: null, context, cancellation.Token));
            await HttpResultWriter.WriteAsync(context, result);
            var elapsed = Stopwatch.GetElapsedTime(started);
            StandaloneLog.InvocationSucceeded(logger, name, invocationId, elapsed.TotalMilliseconds);
        }
        catch (RouteValueException ex)
        {
            StandaloneLog.RouteValueRejected(logger, name, invocationId, ex.RouteValue);
            await WriteProblemAsync(context, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ex.RouteValue] = [ex.Message] },
                title: "A route value is not valid."));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            StandaloneLog.InvocationCancelled(logger, name, invocationId);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteProblemAsync(context, TypedResults.Problem(
                    title: "The app is shutting down.",
                    detail: "The request was cancelled when the app stopped; send it again.",
                    statusCode: StatusCodes.Status503ServiceUnavailable));
            }
        }
        catch (Exception ex)
        {
            StandaloneLog.InvocationFailed(logger, ex, name, invocationId);
            await WriteProblemAsync(context, TypedResults.Problem(
                title: "The function failed.",
                detail: $"Function {name} failed; the app's log has the error under invocation {invocationId}.",
                statusCode: StatusCodes.Status500InternalServerError,
                extensions: new Dictionary<string, object?> { ["invocationId"] = invocationId }));
        }
    }

    // What the function already sent cannot be taken back: the connection is cut so the client sees a failure, not a
    // response that looks complete.
    private static async Task WriteProblemAsync(HttpContext context, IResult problem)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await problem.ExecuteAsync(context);
    }
}
