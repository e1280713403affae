using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>
/// Lets a request to the email listing through only with the operator key (app setting <c>OperatorKey</c>), as the
/// durable management API does: 503 when no key is configured, 401 when the request carries none or another.
/// </summary>
internal sealed class EmailsOperatorKeyFilter(OperatorKey key, ILogger<EmailsOperatorKeyFilter> logger) : IEndpointFilter
{
    private const string Challenge = "IkmaOperatorKey realm=\"emails\"";

    /// <inheritdoc/>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!key.IsConfigured)
        {
            EmailLog.RequestRefused(logger, request.Method, request.Path, $"app setting {OperatorKey.SettingName} is not set");
            return EmailProblems.OperatorKeyNotConfigured();
        }

        var (candidate, where) = request.Headers.TryGetValue(OperatorKey.HeaderName, out var header)
            ? (header.ToString(), $"the {OperatorKey.HeaderName} header")
            : request.Query.TryGetValue(OperatorKey.QueryName, out var query)
                ? (query.ToString(), $"the {OperatorKey.QueryName} query parameter")
                : (null, null);
        if (string.IsNullOrEmpty(candidate))
        {
            EmailLog.RequestRefused(logger, request.Method, request.Path, "no operator key");
            context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
            return EmailProblems.OperatorKeyMissing();
        }

        if (!key.Matches(candidate))
        {
            EmailLog.RequestRefused(logger, request.Method, request.Path, $"wrong operator key in {where}");
            context.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
            return EmailProblems.OperatorKeyWrong(where!);
        }

        return await next(context);
    }
}
