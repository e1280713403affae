using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace IkmaWorkflow.Standalone.Http;

/// <summary>Writes what an HTTP function returned to its response, as the worker's ASP.NET Core integration does.</summary>
internal static class HttpResultWriter
{
    /// <summary>
    /// Executes an <see cref="IResult"/> or an <see cref="IActionResult"/>; with no result answers 204, unless the
    /// function wrote the response itself.
    /// </summary>
    /// <exception cref="InvalidOperationException">The result is of another type (a function declared to return <see cref="object"/>).</exception>
    public static Task WriteAsync(HttpContext context, object? result)
    {
        switch (result)
        {
            case IResult httpResult:
                return httpResult.ExecuteAsync(context);
            case IActionResult actionResult:
                return actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            case null:
                if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status200OK)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                }

                return Task.CompletedTask;
            default:
                throw new InvalidOperationException($"The function returned a {result.GetType().Name}, which is neither an IResult nor an IActionResult.");
        }
    }
}
