using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>The endpoints the Functions host calls on a custom handler, besides the proxied HTTP functions.</summary>
public static class InvocationEndpoints
{
    /// <summary>The header that carries the host's invocation id.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    /// <summary>
    /// Maps <c>GET /</c>, which the host polls until it answers before it sends any work, and
    /// <c>POST /{FunctionName}</c>, which runs a queue- or timer-triggered function. Every answer is a JSON body:
    /// 200 with <see cref="InvocationResponse"/> on success; 500 on failure, which makes the host retry a queue message;
    /// 404 for a function this app does not have; 400 for a body that is not an invocation request.
    /// </summary>
    public static IEndpointRouteBuilder MapCustomHandlerInvocations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Json(new { status = "ready" }))
            .ExcludeFromDescription();

        endpoints.MapPost("/{functionName:regex(^[A-Za-z][A-Za-z0-9_-]*$)}", InvokeAsync)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(string functionName, HttpRequest request, FunctionInvoker invoker, CancellationToken cancellationToken)
    {
        if (!invoker.TryGetFunction(functionName, out var function))
        {
            return Answer(StatusCodes.Status404NotFound, $"No queue- or timer-triggered function named '{functionName}' is registered in this app.");
        }

        InvocationRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<InvocationRequest>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return Answer(StatusCodes.Status400BadRequest, $"The body is not an invocation request ({{\"Data\": {{...}}, \"Metadata\": {{...}}}}): {ex.Message}");
        }

        if (body is null)
        {
            return Answer(StatusCodes.Status400BadRequest, "The body is empty: an invocation request is {\"Data\": {...}, \"Metadata\": {...}}.");
        }

        var invocationId = request.Headers[InvocationIdHeader].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString();
        var outcome = await invoker.InvokeAsync(function, body, invocationId, cancellationToken);
        return TypedResults.Json(outcome.Response, statusCode: outcome.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }

    private static JsonHttpResult<InvocationResponse> Answer(int status, string message)
    {
        var response = new InvocationResponse();
        response.Logs.Add(message);
        return TypedResults.Json(response, statusCode: status);
    }
}
