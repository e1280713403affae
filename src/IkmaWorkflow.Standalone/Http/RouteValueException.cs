namespace IkmaWorkflow.Standalone.Http;

/// <summary>A route value does not convert to its parameter's type: the request is at fault (400), not the function.</summary>
internal sealed class RouteValueException(string routeValue, string message) : Exception(message)
{
    /// <summary>The route value's name, as in the route template.</summary>
    public string RouteValue { get; } = routeValue;
}
