using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>An HTTP client of the management API that sends the operator key unless told otherwise.</summary>
internal sealed class ManagementClient(Uri baseAddress, string? operatorKey) : IDisposable
{
    public const string KeyHeader = "x-ikma-operator-key";

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public Uri BaseAddress => baseAddress;

    /// <summary>Sends a request; <paramref name="body"/> goes as JSON text, <paramref name="headers"/> replace the key header when they name it.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, bool withKey = true, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (withKey && operatorKey is not null && headers?.ContainsKey(KeyHeader) != true)
        {
            request.Headers.Add(KeyHeader, operatorKey);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(method, path, response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text);
    }

    public Task<ApiResponse> GetAsync(string path, bool withKey = true) => SendAsync(HttpMethod.Get, path, withKey: withKey);

    public Task<ApiResponse> PostAsync(string path, string? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Starts <paramref name="orchestrator"/> and returns its id, failing the test unless the API answered 202.</summary>
    public async Task<string> StartAsync(string orchestrator, string? input = null, string? instanceId = null)
    {
        var path = $"api/durable/orchestrators/{orchestrator}" + (instanceId is null ? string.Empty : $"?instanceId={Uri.EscapeDataString(instanceId)}");
        var response = await PostAsync(path, input);
        response.AssertStatus(HttpStatusCode.Accepted);
        return response.Json.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the status until <paramref name="runtimeStatus"/>, failing the test after <paramref name="timeoutSeconds"/>.</summary>
    public async Task<ApiResponse> WaitForStatusAsync(string instanceId, string runtimeStatus, int timeoutSeconds = 30)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await GetAsync($"api/durable/instances/{Uri.EscapeDataString(instanceId)}");
            if (response.Status is HttpStatusCode.OK or HttpStatusCode.Accepted && response.Json.GetProperty("runtimeStatus").GetString() == runtimeStatus)
            {
                return response;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(timeoutSeconds))
            {
                Assert.Fail($"Instance {instanceId} did not reach {runtimeStatus} within {timeoutSeconds} s; last answer: {response}");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An answer of the API, read to the end.</summary>
internal sealed record ApiResponse(HttpMethod Method, string Path, HttpStatusCode Status, System.Net.Http.Headers.HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public void AssertStatus(HttpStatusCode expected) =>
        Assert.True(Status == expected, $"Expected {(int)expected} from {Method} {Path}, got {this}");

    /// <summary>
    /// Checks an RFC 9457 problem: the status, <c>type</c> naming <paramref name="problem"/>, and English and Indonesian
    /// titles and details that differ.
    /// </summary>
    public JsonElement AssertProblem(HttpStatusCode status, string problem)
    {
        AssertStatus(status);
        Assert.Equal("application/problem+json", ContentType);
        var json = Json;
        Assert.Equal("urn:ikma-workflow:problem:" + problem, json.GetProperty("type").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        var title = json.GetProperty("title").GetString();
        var detail = json.GetProperty("detail").GetString();
        var indonesian = json.GetProperty("indonesian");
        var titleId = indonesian.GetProperty("title").GetString();
        var detailId = indonesian.GetProperty("detail").GetString();
        foreach (var text in new[] { title, detail, titleId, detailId })
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"A problem text is empty: {Body}");
        }

        Assert.NotEqual(title, titleId);
        Assert.NotEqual(detail, detailId);
        return json;
    }

    public override string ToString() => $"{(int)Status} {ContentType}: {Body}";
}
