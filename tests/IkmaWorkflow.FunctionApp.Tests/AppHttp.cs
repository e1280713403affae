using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>HTTP calls to a running app, answered as status, media type and body text.</summary>
internal static class AppHttp
{
    // Longer than the health probe's five seconds per service, so a slow unhealthy answer is still read.
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary><c>http://127.0.0.1:{port}/</c>: the address the Functions host calls, and one that standalone's localhost binding serves.</summary>
    public static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    public static Task<AppResponse> GetAsync(Uri baseAddress, string path) => SendAsync(HttpMethod.Get, baseAddress, path, body: null);

    public static Task<AppResponse> PostJsonAsync(Uri baseAddress, string path, string body) => SendAsync(HttpMethod.Post, baseAddress, path, body);

    public static async Task<AppResponse> SendAsync(HttpMethod method, Uri baseAddress, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Client.SendAsync(request);
        return new AppResponse(response.StatusCode, response.Content.Headers.ContentType, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>An answer of the app.</summary>
internal sealed record AppResponse(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, string Body)
{
    /// <summary>Fails with the body and the app's output unless the status is <paramref name="expected"/>.</summary>
    public AppResponse AssertStatus(HttpStatusCode expected, AppProcess app)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body}{Environment.NewLine}{app.Describe()}");
        return this;
    }

    /// <summary>The body as JSON, failing unless it is declared and parses as JSON.</summary>
    public JsonElement Json()
    {
        Assert.True(ContentType?.MediaType == "application/json", $"Expected an application/json body, got '{ContentType}': {Body}");
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
