namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>Builds the management URIs of an instance from the request being answered.</summary>
public static class DurableManagementUrls
{
    /// <summary>
    /// The path of the management API below the host: the Functions route prefix (<c>api</c>, host.json) and the
    /// <c>durable/</c> that starts every route of <see cref="DurableManagementFunctions"/>.
    /// </summary>
    public const string BasePath = "/api/durable";

    /// <summary>
    /// The management URIs of <paramref name="instanceId"/>, absolute on the scheme and host <paramref name="request"/>
    /// arrived at: the <c>Host</c> header as received and the request's scheme, or the <c>X-Forwarded-Proto</c> of a
    /// proxy in front (in Azure TLS ends before the Functions host, which calls the app over plain HTTP).
    /// </summary>
    public static ManagementPayload Create(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(instanceId);
        var status = StatusUri(request, instanceId);
        return new ManagementPayload(
            instanceId,
            status,
            status + "/raiseEvent/{eventName}",
            status + "/terminate?reason={text}",
            status + "/suspend?reason={text}",
            status + "/resume?reason={text}",
            status);
    }

    /// <summary>The status URI of <paramref name="instanceId"/>: <c>{scheme}://{host}/api/durable/instances/{instanceId}</c>.</summary>
    public static string StatusUri(HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(instanceId);
        return $"{Scheme(request)}://{request.Host.Value}{request.PathBase.Value}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
    }

    private static string Scheme(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        return forwarded.Equals("https", StringComparison.OrdinalIgnoreCase) ? "https"
            : forwarded.Equals("http", StringComparison.OrdinalIgnoreCase) ? "http"
            : request.Scheme;
    }
}
