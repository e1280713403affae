using Azure;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// Lets a request through only with the operator key, before anything of it is read: 503 when no key is configured,
/// 401 when the request carries none or another.
/// </summary>
internal sealed class OperatorKeyFilter(OperatorKey key, ILogger<OperatorKeyFilter> logger) : IEndpointFilter
{
    // RFC 9110 asks a 401 to name a challenge; the key is an API key, so the scheme is this app's own.
    private const string Challenge = "IkmaOperatorKey realm=\"durable-management\"";

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!key.IsConfigured)
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, $"app setting {OperatorKey.SettingName} is not set");
            return ManagementProblems.OperatorKeyNotConfigured();
        }

        var (candidate, where) = request.Headers.TryGetValue(OperatorKey.HeaderName, out var header)
            ? (header.ToString(), $"the {OperatorKey.HeaderName} header")
            : request.Query.TryGetValue(OperatorKey.QueryName, out var query)
                ? (query.ToString(), $"the {OperatorKey.QueryName} query parameter")
                : (null, null);
        if (string.IsNullOrEmpty(candidate))
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, "no operator key");
            context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
            return ManagementProblems.OperatorKeyMissing();
        }

        if (!key.Matches(candidate))
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, $"wrong operator key in {where}");
            context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
            return ManagementProblems.OperatorKeyWrong(where!);
        }

        return await next(context);
    }
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
