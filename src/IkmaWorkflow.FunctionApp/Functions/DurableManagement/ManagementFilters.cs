using Azure;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// Lets a request to an operator API (durable management, the email listing) through only with the operator key,
/// before anything of it is read: 503 when no key is configured, 401 when the request carries none or another.
/// </summary>
/// <param name="key">The configured key.</param>
/// <param name="logger">Where refusals are logged.</param>
/// <param name="realm">The API's name in the 401 challenge.</param>
/// <param name="apiEnglish">The API's name in English, for the 503 problem.</param>
/// <param name="apiIndonesian">The API's name in Indonesian.</param>
internal sealed class OperatorKeyFilter(OperatorKey key, ILogger<OperatorKeyFilter> logger, string realm, string apiEnglish, string apiIndonesian) : IEndpointFilter
{
    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!key.IsConfigured)
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, $"app setting {OperatorKey.SettingName} is not set");
            return ManagementProblems.OperatorKeyNotConfigured(apiEnglish, apiIndonesian);
        }

        var (candidate, where) = request.Headers.TryGetValue(OperatorKey.HeaderName, out var header)
            ? (header.ToString(), $"the {OperatorKey.HeaderName} header")
            : request.Query.TryGetValue(OperatorKey.QueryName, out var query)
                ? (query.ToString(), $"the {OperatorKey.QueryName} query parameter")
                : (null, null);
        if (string.IsNullOrEmpty(candidate) || !key.Matches(candidate))
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, candidate is null ? "no operator key" : $"wrong operator key in {where}");
            // RFC 9110 asks a 401 to name a challenge; the key is an API key, so the scheme is this app's own.
            context.HttpContext.Response.Headers.WWWAuthenticate = $"IkmaOperatorKey realm=\"{realm}\"";
            return candidate is null ? ManagementProblems.OperatorKeyMissing() : ManagementProblems.OperatorKeyWrong(where!);
        }

        return await next(context);
    }
}

/// <summary>Puts a route group behind the operator key.</summary>
internal static class OperatorKeyRequirement
{
    /// <summary>Adds <see cref="OperatorKeyFilter"/> to <paramref name="group"/>.</summary>
    public static RouteGroupBuilder RequireOperatorKey(this RouteGroupBuilder group, string realm, string apiEnglish, string apiIndonesian) =>
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            var filter = new OperatorKeyFilter(services.GetRequiredService<OperatorKey>(), services.GetRequiredService<ILogger<OperatorKeyFilter>>(), realm, apiEnglish, apiIndonesian);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}

/// <summary>
/// Makes sure the runtime's storage exists before a request uses it, and answers 503 with a problem, instead of an
/// empty 500, when storage fails.
/// </summary>
/// <remarks>
/// The runtime creates its table, queues and container on its first write, and the app does not create them at
/// start-up (an unreachable account must not stop it). Until then every read of a fresh task hub would fail with
/// "table not found"; creating them here first lets a list answer empty and a status 404. After the first success
/// this costs nothing.
/// </remarks>
internal sealed class DurableStorageFilter(IServiceProvider services, ILogger<DurableStorageFilter> logger) : IEndpointFilter
{
    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await services.EnsureDurableStorageAsync(context.HttpContext.RequestAborted);
            return await next(context);
        }
        catch (Exception ex) when (ex is RequestFailedException || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(e => e is RequestFailedException)))
        {
            // The Azure SDK retries a failing call and then throws either the last failure or all of them together.
            ManagementLog.StorageFailed(logger, ex, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return ManagementProblems.StorageUnavailable();
        }
    }
}
