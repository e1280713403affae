using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using IkmaWorkflow.Standalone.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace IkmaWorkflow.Standalone.Http;

/// <summary>
/// Binds a parameter of an HTTP function to the route value of the same name (<c>{id}</c> → <c>int id</c>), converted
/// with the invariant culture, as the worker binds route values from the trigger's binding data.
/// </summary>
internal static class RouteValueBinder
{
    private static readonly FrozenDictionary<Type, (string Description, Func<string, object?> Parse)> Converters = new Dictionary<Type, (string, Func<string, object?>)>
    {
        [typeof(string)] = ("text", text => text),
        [typeof(int)] = ("a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null),
        [typeof(long)] = ("a whole number", text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null),
        [typeof(Guid)] = ("a GUID", text => Guid.TryParse(text, out var v) ? v : null),
        [typeof(bool)] = ("true or false", text => bool.TryParse(text, out var v) ? v : null),
        [typeof(double)] = ("a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null),
        [typeof(decimal)] = ("a number", text => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null),
        [typeof(DateOnly)] = ("a date such as 2023-06-26", text => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v : null),
        [typeof(DateTimeOffset)] = ("a date and time such as 2023-06-26T08:00:00+07:00", text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v : null),
    }.ToFrozenDictionary();

    /// <summary>
    /// The binder of <paramref name="parameter"/> when <paramref name="route"/> has a parameter of its name; null when
    /// it has none, so the caller reports the parameter as unbindable.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">The route has the value but the parameter's type is not one a route value converts to.</exception>
    public static ParameterBinder? Create(string functionName, ParameterInfo parameter, RoutePattern route)
    {
        if (parameter.Name is null || route.GetParameter(parameter.Name) is not { } routeParameter)
        {
            return null;
        }

        var nullable = Nullable.GetUnderlyingType(parameter.ParameterType);
        var type = nullable ?? parameter.ParameterType;
        if (!Converters.TryGetValue(type, out var converter))
        {
            throw new FunctionAppConfigurationException(functionName, $"parameter '{parameter.Name}' takes route value {{{routeParameter.Name}}} as a {FunctionMethod.TypeName(parameter.ParameterType)}; route values bind as {string.Join(", ", Converters.Keys.Select(k => k.Name))} or their nullable forms.");
        }

        var name = routeParameter.Name;
        var acceptsNull = nullable is not null || !type.IsValueType;
        var missing = parameter.HasDefaultValue ? parameter.DefaultValue : null;
        return (in InvocationArguments arguments) =>
        {
            var text = Convert.ToString(arguments.HttpContext!.GetRouteValue(name), CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(text))
            {
                return parameter.HasDefaultValue || acceptsNull
                    ? missing
                    : throw new RouteValueException(name, $"The route value '{name}' is missing.");
            }

            return converter.Parse(text) ?? throw new RouteValueException(name, $"The route value '{name}' must be {converter.Description}, not \"{text}\".");
        };
    }
}
