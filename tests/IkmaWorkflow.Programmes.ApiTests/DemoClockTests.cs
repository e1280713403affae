using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The clock routes of an app whose demo clock is off (the default): they say how to turn it on.</summary>
public sealed class DemoClockTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task ClockRoutes_DemoClockOff_Answer404SayingHowToEnableIt()
    {
        using var client = fixture.Host.Operator();

        using var read = await client.GetAsync("api/clock");
        using var move = await client.PutAsJsonAsync("api/clock", new { now = "2030-01-01T08:00:00+07:00" });

        foreach (var response in new[] { read, move })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("urn:ikma-workflow:problem:demo-clock-disabled", problem["type"]!.GetValue<string>());
            Assert.Contains("DemoClock__Enabled=true", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("DemoClock__Enabled=true", problem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.True(fixture.Host.Clock.GetUtcNow() < new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
