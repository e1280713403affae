using System.Text;

namespace IkmaWorkflow.StandaloneHost.Tests.Hosting;

/// <summary>HTTP calls to a running host, answered as status, media type and body text.</summary>
internal static class HostHttp
{
    /// <summary>The operator key's header.</summary>
    public const string OperatorKeyHeader = "x-ikma-operator-key";

    // Longer than the health probe's five seconds per service, so a slow unhealthy answer is still read.
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static Task<HostResponse> GetAsync(HostProcess host, string path, string? operatorKey = null) => SendAsync(host, HttpMethod.Get, path, body: null, operatorKey);

    public static async Task<HostResponse> SendAsync(HostProcess host, HttpMethod method, string path, string? body, string? operatorKey = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var request = new HttpRequestMessage(method, new Uri(host.BaseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (operatorKey is not null)
        {
            request.Headers.Add(OperatorKeyHeader, operatorKey);
        }

        using var response = await Client.SendAsync(request);
        return new HostResponse(response.StatusCode, response.Content.Headers.ContentType, await response.Content.ReadAsStringAsync(), host);
    }

    /// <summary>The answer's body as bytes, such as a PDF.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, byte[] Body)> GetBytesAsync(HostProcess host, string path, string operatorKey)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, path));
        request.Headers.Add(OperatorKeyHeader, operatorKey);
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }
}
