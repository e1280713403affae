using IkmaWorkflow.Standalone.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Http;

/// <summary>An HTTP-triggered function with its route and methods, from its <see cref="HttpTriggerAttribute"/>.</summary>
/// <param name="Method">The method and its binders.</param>
/// <param name="Route">The route: <c>&lt;routePrefix&gt;/&lt;Route&gt;</c>, the route defaulting to the function name.</param>
/// <param name="HttpMethods">The methods it answers, upper case; null for every method.</param>
internal sealed record HttpFunction(FunctionMethod Method, RoutePattern Route, IReadOnlyList<string>? HttpMethods)
{
    /// <summary>Reads the trigger of <paramref name="definition"/> and chooses its binders.</summary>
    /// <param name="definition">An HTTP-triggered function.</param>
    /// <param name="routePrefix">The prefix from <c>host.json</c>, without slashes; empty for none.</param>
    /// <exception cref="FunctionAppConfigurationException">The route is not a template, a parameter cannot be bound, or the result is not an HTTP result.</exception>
    public static HttpFunction Create(FunctionDefinition definition, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var trigger = (HttpTriggerAttribute)definition.TriggerAttribute;
        var template = (trigger.Route ?? definition.Name).Trim('/');
        RoutePattern route;
        try
        {
            route = RoutePatternFactory.Parse(routePrefix.Length == 0 ? template : $"{routePrefix}/{template}");
        }
        catch (RoutePatternException ex)
        {
            throw new FunctionAppConfigurationException(definition.Name, $"its route \"{template}\" is not a valid route template: {ex.Message}", ex);
        }

        var method = FunctionMethod.Create(
            definition,
            trigger => trigger.ParameterType == typeof(HttpRequest) ? static (in InvocationArguments a) => a.HttpContext!.Request : null,
            parameter => RouteValueBinder.Create(definition.Name, parameter, route),
            nameof(HttpRequest));
        if (!IsHttpResult(method.ResultType))
        {
            throw new FunctionAppConfigurationException(definition.Name, $"it returns {FunctionMethod.TypeName(definition.Method.ReturnType)}; an HTTP function returns an IResult (such as TypedResults.Ok), an IActionResult, or nothing (204 No Content), directly or in a Task.");
        }

        var methods = trigger.Methods is { Length: > 0 } named
            ? named.Select(m => m.ToUpperInvariant()).Distinct().ToList()
            : null;
        return new HttpFunction(method, route, methods);
    }

    private static bool IsHttpResult(Type type) =>
        type == typeof(void) || type == typeof(object) || typeof(IResult).IsAssignableFrom(type) || typeof(IActionResult).IsAssignableFrom(type);
}
