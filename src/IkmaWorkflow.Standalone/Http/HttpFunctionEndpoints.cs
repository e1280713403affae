using IkmaWorkflow.Standalone.Invocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Http;

/// <summary>Maps HTTP functions as endpoints, each at its route and methods; routing answers 404 and 405 itself.</summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>Maps every function of <paramref name="functions"/>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions, InvocationCancellation shutdown, ILoggerFactory loggers)
    {
        foreach (var function in functions)
        {
            var handler = new HttpFunctionHandler(function, shutdown, loggers.CreateLogger($"Function.{function.Method.Name}"));
            var endpoint = endpoints.Map(function.Route, (RequestDelegate)handler.HandleAsync)
                .WithName(function.Method.Name)
                .WithDisplayName($"Function {function.Method.Name}")
                .WithMetadata(function.Method.Definition);
            if (function.HttpMethods is { } methods)
            {
                endpoint.WithMetadata(new HttpMethodMetadata(methods));
            }
        }
    }
}
