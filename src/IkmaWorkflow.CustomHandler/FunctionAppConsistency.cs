using System.Text.RegularExpressions;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Timers;
using Microsoft.AspNetCore.Routing;

namespace IkmaWorkflow.CustomHandler;

/// <summary>
/// Checks that the app's function folders and its code agree: every <c>function.json</c> has a handler, every
/// handler a <c>function.json</c>, queue names are valid queue names and schedules parse. Run at start-up, so a
/// mismatch stops the app instead of leaving a function that never runs.
/// </summary>
public static partial class FunctionAppConsistency
{
    /// <summary>Lists every mismatch; an empty list means the app is consistent.</summary>
    public static IReadOnlyList<string> Check(FunctionAppMetadata app, IEnumerable<TriggerFunctionRegistration> handlers, EndpointDataSource endpoints)
    {
        var problems = new List<string>();
        var handlerNames = handlers.Select(h => h.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var prefix = app.Host.HttpRoutePrefix.Trim('/');
        var httpEndpoints = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: Normalize(e.RoutePattern.RawText ?? string.Empty), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => prefix.Length == 0 || e.Route.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase) || e.Route.Equals(prefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var declaredRoutes = new List<(string Route, IReadOnlyCollection<string> Methods)>();

        foreach (var function in app.Functions)
        {
            var where = $"{function.Name} ({function.FilePath})";
            switch (function.Trigger.Type)
            {
                case var type when type.Equals(FunctionMetadata.HttpTrigger, StringComparison.OrdinalIgnoreCase):
                    if (!function.IsProxiedHttp)
                    {
                        problems.Add($"{where}: an HTTP function must have exactly one httpTrigger and one http output binding, so the host proxies its requests as they are.");
                    }

                    var route = Normalize(string.Join('/', new[] { prefix, function.Trigger.GetString("route") ?? function.Name }.Where(p => p.Length > 0)));
                    var methods = (function.Trigger.Properties["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToList()) ?? [];
                    declaredRoutes.Add((route, methods));
                    var served = httpEndpoints.Where(e => e.Route.Equals(route, StringComparison.OrdinalIgnoreCase)).ToList();
                    if (served.Count == 0)
                    {
                        problems.Add($"{where}: no endpoint serves its route /{route}.");
                    }
                    else
                    {
                        foreach (var method in methods.Where(m => !served.Any(e => e.Methods.Count == 0 || e.Methods.Contains(m, StringComparer.OrdinalIgnoreCase))))
                        {
                            problems.Add($"{where}: no endpoint serves {method} /{route}.");
                        }
                    }

                    break;
                case var type when type.Equals(FunctionMetadata.QueueTrigger, StringComparison.OrdinalIgnoreCase):
                    RequireHandler(function, where, handlerNames, problems);
                    var queue = function.Trigger.GetString("queueName");
                    if (queue is null || !QueueName().IsMatch(queue) || queue.Contains("--", StringComparison.Ordinal) || queue.Length + "-poison".Length > 63)
                    {
                        problems.Add($"{where}: queueName \"{queue}\" is not a valid queue name: 3 to 56 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (its poison queue adds \"-poison\").");
                    }

                    break;
                case var type when type.Equals(FunctionMetadata.TimerTrigger, StringComparison.OrdinalIgnoreCase):
                    RequireHandler(function, where, handlerNames, problems);
                    try
                    {
                        _ = TimerSchedule.For(function);
                    }
                    catch (FunctionAppConfigurationException ex)
                    {
                        problems.Add($"{where}: {ex.Message}");
                    }

                    break;
                default:
                    problems.Add($"{where}: trigger type \"{function.Trigger.Type}\" is not supported; use httpTrigger, queueTrigger or timerTrigger.");
                    break;
            }
        }

        var triggered = app.Functions.Where(f => !f.IsTriggeredBy(FunctionMetadata.HttpTrigger)).Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        problems.AddRange(handlerNames.Where(h => !triggered.Contains(h)).Order(StringComparer.Ordinal)
            .Select(h => $"Handler {h} has no queue- or timer-triggered function folder {h}/function.json."));

        foreach (var endpoint in httpEndpoints)
        {
            foreach (var method in endpoint.Methods.DefaultIfEmpty("*"))
            {
                if (!declaredRoutes.Any(d => d.Route.Equals(endpoint.Route, StringComparison.OrdinalIgnoreCase) && (d.Methods.Count == 0 || method == "*" || d.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))))
                {
                    problems.Add($"Endpoint {method} /{endpoint.Route} has no HTTP function folder declaring it, so the Functions host would never route to it.");
                }
            }
        }

        return problems;
    }

    private static void RequireHandler(FunctionMetadata function, string where, HashSet<string> handlers, List<string> problems)
    {
        if (!handlers.Contains(function.Name))
        {
            problems.Add($"{where}: no handler is registered for it (AddTriggerFunction(\"{function.Name}\", ...)).");
        }
    }

    private static string Normalize(string route) => route.Trim('/');

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();
}
