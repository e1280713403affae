using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.CustomHandler.Invocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IkmaWorkflow.CustomHandler.Tests.Invocation;

/// <summary>
/// The custom-handler protocol as the Functions host speaks it: requests written here byte for byte as the host
/// sends them, answered over real HTTP on IPv4 loopback.
/// </summary>
public sealed class InvocationEndpointsTests : IAsyncLifetime
{
    private readonly List<TriggerInvocation> _seen = [];
    private TestFunctionApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await TestFunctionApp.StartAsync(
            new Dictionary<string, string>
            {
                ["ProcessItem"] = TestFunctionApp.QueueFunction("items", bindingName: "item"),
                ["FailingItem"] = TestFunctionApp.QueueFunction("failing", bindingName: "item"),
                ["DailyReport"] = TestFunctionApp.TimerFunction("0 0 1 * * *", bindingName: "myTimer"),
                ["Echo"] = TestFunctionApp.HttpFunction("echo/{id}", "post"),
            },
            new Dictionary<string, string?> { [FunctionHostSettings.CustomHandlerPortKey] = "auto" },
            register: builder =>
            {
                builder.Services.AddTriggerFunction("ProcessItem", (_, invocation, _) =>
                {
                    _seen.Add(invocation);
                    invocation.Log($"processed {invocation.QueueMessage}");
                    invocation.Response.Outputs["receipt"] = JsonValue.Create("stored");
                    invocation.Response.ReturnValue = JsonValue.Create(invocation.DequeueCount);
                    return Task.CompletedTask;
                });
                builder.Services.AddTriggerFunction("FailingItem", (_, _, _) => throw new InvalidOperationException("the letter number is already taken"));
                builder.Services.AddTriggerFunction("DailyReport", (_, invocation, _) =>
                {
                    _seen.Add(invocation);
                    return Task.CompletedTask;
                });
            },
            map: app => app.MapPost("/api/echo/{id}", async (string id, HttpRequest request) =>
            {
                var body = await new StreamReader(request.Body).ReadToEndAsync();
                return Results.Text($"{id}|{request.Query["lang"]}|{request.Headers["X-Partner"]}|{body}", "text/plain", statusCode: 201);
            }));
        _http = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GetRoot_HostReadinessProbe_AnswersOnIpv4Loopback()
    {
        Assert.Equal("127.0.0.1", _app.BaseAddress.Host);

        var response = await _http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PostFunction_QueuePayloadAsHostSendsIt_DecodesMessageAndAnswersInvocationResponse()
    {
        const string body = """
            {"Data":{"item":"\"hello\""},"Metadata":{"DequeueCount":"2","ExpirationTime":"2026-11-30T09:00:00+00:00","Id":"\"b1f0c3\"","InsertionTime":"2026-11-23T09:00:00+00:00","NextVisibleTime":"2026-11-23T09:10:00+00:00","PopReceipt":"\"AgAAAAMAAAA\"","sys":{"MethodName":"ProcessItem","UtcNow":"2026-11-23T09:00:01.1234567Z","RandGuid":"6f1c1d84-5e8d-4f7b-9d9e-0a3a1a2b3c4d"}}}
            """;

        var response = await PostAsync("/ProcessItem", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("stored", answer["Outputs"]!["receipt"]!.GetValue<string>());
        Assert.Equal(["processed hello"], answer["Logs"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(2, answer["ReturnValue"]!.GetValue<int>());
        var invocation = Assert.Single(_seen);
        Assert.Equal("hello", invocation.QueueMessage);
        Assert.Equal("b1f0c3", invocation.GetMetadata("Id"));
        Assert.Equal("AgAAAAMAAAA", invocation.GetMetadata("PopReceipt"));
        Assert.Equal("2026-11-23T09:00:00+00:00", invocation.GetMetadata("InsertionTime"));
        Assert.Equal("test-invocation-1", invocation.InvocationId);
    }

    [Fact]
    public async Task PostFunction_JsonObjectMessage_KeepsTextAndSpreadsPropertiesIntoMetadata()
    {
        const string body = """
            {"Data":{"item":"\"{\\\"programmeId\\\":\\\"cipinang-2024\\\",\\\"day\\\":3}\""},"Metadata":{"programmeId":"\"cipinang-2024\"","day":"3","DequeueCount":"1","Id":"\"m1\""}}
            """;

        var response = await PostAsync("/ProcessItem", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = Assert.Single(_seen);
        Assert.Equal("""{"programmeId":"cipinang-2024","day":3}""", invocation.QueueMessage);
        Assert.Equal(new Message("cipinang-2024", 3), invocation.ReadQueueMessage<Message>());
        Assert.Equal("cipinang-2024", invocation.GetMetadata("programmeId"));
        Assert.Equal("3", invocation.GetMetadata("day"));
    }

    [Fact]
    public async Task PostFunction_TimerPayload_ReadsScheduleStatusAndPastDue()
    {
        const string body = """
            {"Data":{"myTimer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-22T01:00:00+00:00","Next":"2026-11-23T01:00:00+00:00","LastUpdated":"2026-11-22T01:00:00.52+00:00"},"IsPastDue":true}},"Metadata":{"sys":{"MethodName":"DailyReport","UtcNow":"2026-11-23T01:03:00Z","RandGuid":"0d8c1f8e-1a2b-4c3d-9e8f-7a6b5c4d3e2f"}}}
            """;

        var response = await PostAsync("/DailyReport", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timer = Assert.Single(_seen).Timer;
        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), timer.ScheduleStatus!.Next);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero), timer.ScheduleStatus.Last);
    }

    [Fact]
    public async Task PostFunction_HandlerThrows_Answers500WithJsonBodyNamingTheError()
    {
        var response = await PostAsync("/FailingItem", """{"Data":{"item":"\"x\""},"Metadata":{"DequeueCount":"1"}}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadFromJsonAsync<InvocationResponse>();
        Assert.Contains(answer!.Logs, l => l.Contains("the letter number is already taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostFunction_MessageNotDoubleEncoded_FailsAndSaysWhatWasExpected()
    {
        var response = await PostAsync("/ProcessItem", """{"Data":{"item":"hello"},"Metadata":{"DequeueCount":"1"}}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<InvocationResponse>();
        Assert.Contains(answer!.Logs, l => l.Contains("Data.item must be a JSON-encoded string", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostFunction_UnknownFunction_Answers404Json()
    {
        var response = await PostAsync("/NoSuchFunction", """{"Data":{},"Metadata":{}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadFromJsonAsync<InvocationResponse>();
        Assert.Contains(answer!.Logs, l => l.Contains("NoSuchFunction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostFunction_BodyNotJson_Answers400Json()
    {
        var response = await PostAsync("/ProcessItem", "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ProxiedHttpRequest_ForwardedAsIs_AnsweredAsIs()
    {
        // With enableProxyingHttpRequest the host forwards the original request to the same path.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/echo/b-535?lang=id")
        {
            Content = new StringContent("surat kegiatan", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Partner", "ybi");
        request.Headers.Add(InvocationEndpoints.InvocationIdHeader, Guid.NewGuid().ToString());

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("b-535|id|ybi|surat kegiatan", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(InvocationEndpoints.InvocationIdHeader, "test-invocation-1");
        return await _http.SendAsync(request);
    }

    private sealed record Message(string ProgrammeId, int Day);
}
