using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.Security;

/// <summary>
/// The operator's bodies are bounded like forms (docs/security.md, "Bounded bodies"): an orchestration's input or
/// event over 1 MB, a clock move over 4 KB, answer 413 with a problem whether or not the length is declared.
/// </summary>
public sealed class OperatorBodyLimitTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const int Megabyte = 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DurableStart_InputOver1MB_Answers413AndStartsNothing(bool declared)
    {
        using var client = fixture.Host.Operator();
        var instanceId = $"too-large-{declared}";

        using var response = await client.PostAsync($"api/durable/orchestrators/ProgrammeOrchestration?instanceId={instanceId}", JsonString(Megabyte + 1, declared));
        using var status = await client.GetAsync($"api/durable/instances/{instanceId}");

        await AssertTooLargeAsync(response, Megabyte);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DurableRaiseEvent_PayloadOver1MB_Answers413(bool declared)
    {
        using var client = fixture.Host.Operator();

        using var response = await client.PostAsync("api/durable/instances/no-such-instance/raiseEvent/StageChanged", JsonString(Megabyte + 1, declared));

        await AssertTooLargeAsync(response, Megabyte);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClockMove_BodyOver4KB_Answers413AndTheClockStays(bool declared)
    {
        var start = new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero);
        await using var host = await AppHost.StartAsync(await fixture.ConnectionStringAsync(), start, new Dictionary<string, string?> { ["DemoClock:Enabled"] = "true" });
        using var client = host.Operator();
        var padding = new string(' ', 4 * 1024);

        using var response = await client.PutAsync("api/clock", Content($$"""{"now": "2030-01-01T08:00:00+07:00"{{padding}}}""", declared));

        await AssertTooLargeAsync(response, 4 * 1024);
        Assert.True(host.Clock.GetUtcNow() < new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "the clock moved");
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, long maxBytes)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("urn:ikma-workflow:problem:body-too-large", problem["type"]!.GetValue<string>());
        Assert.Equal(maxBytes, problem["maxBytes"]!.GetValue<long>());
        Assert.NotEmpty(problem["indonesian"]!["detail"]!.GetValue<string>());
    }

    // A JSON string of `bytes` bytes in all.
    private static HttpContent JsonString(int bytes, bool declared) => Content("\"" + new string('x', bytes - 2) + "\"", declared);

    // Declared: Content-Length; otherwise chunked, so the app learns the length only by reading.
    private static HttpContent Content(string json, bool declared)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        HttpContent content = declared ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
