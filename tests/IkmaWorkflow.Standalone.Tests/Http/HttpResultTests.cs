using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests.Http;

/// <summary>What an HTTP function returns, or throws, becomes its response.</summary>
public sealed class HttpResultTests
{
    private static readonly Type[] Results = [typeof(ResultFunctions)];

    [Fact]
    public async Task Invoke_ReturnsIResult_ExecutedWithStatusHeadersAndBody()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.PostAsync("api/results/created", content: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/items/7", response.Headers.Location?.OriginalString);
        Assert.Equal(7, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Invoke_ReturnsIActionResult_ExecutedAsJson()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.GetAsync("api/results/action");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("action", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Invoke_ReturnsTaskOfIActionResult_AwaitedAndExecuted()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.GetAsync("api/results/action-missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("sertifikat", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("missing").GetString());
    }

    [Fact]
    public async Task Invoke_ReturnsValueTaskOfIResult_AwaitedAndExecuted()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var answer = await app.Http.GetStringAsync("api/results/value-task");

        Assert.Equal("from a ValueTask", answer);
    }

    [Fact]
    public async Task Invoke_ReturnsTaskWithoutResult_Answers204()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.PostAsync("api/results/none", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["no result"], app.Probe.Calls);
    }

    [Fact]
    public async Task Invoke_StaticVoidMethod_CalledAndAnswers204()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.PostAsync("api/results/static", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["static"], app.Probe.Events);
    }

    [Fact]
    public async Task Invoke_FunctionThrows_Answers500ProblemWithoutInternalsAndLogsTheError()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.GetAsync("api/results/throws");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("The function failed.", problem.GetProperty("title").GetString());
        var invocationId = problem.GetProperty("invocationId").GetString();
        Assert.DoesNotContain("rahasia", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        var logged = Assert.Single(app.Logs, l => l.EventId == 101);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains(invocationId!, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ObjectResultThatIsNoHttpResult_Answers500AndLogsWhy()
    {
        await using var app = await StandaloneApp.StartAsync(Results);

        var response = await app.Http.GetAsync("api/results/not-a-result");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var logged = Assert.Single(app.Logs, l => l.EventId == 101);
        Assert.Contains("neither an IResult nor an IActionResult", logged.Exception?.Message, StringComparison.Ordinal);
    }
}
