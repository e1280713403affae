using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.Programmes.ApiTests;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>The demo clock's routes after the load, and the loader run a second time against the same app.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class DemoClockAndRerunTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task ClockRead_AfterLoad_ShowsOctober2025InUtcAndWib()
    {
        var clock = await fixture.GetAsync("api/clock");

        var utc = DateTimeOffset.Parse(clock["utc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(utc, new DateTimeOffset(2025, 10, 1, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 9, 0, 0, 0, TimeSpan.Zero));
        Assert.EndsWith("+07:00", clock["wib"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(clock["demo"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ClockMove_Backwards_Answers409InBothLanguagesAndStays()
    {
        var before = await fixture.Session.Clock.NowAsync(CancellationToken.None);

        using var response = await fixture.Operator.PutAsJsonAsync("api/clock", new { now = "2024-09-07T10:00:00+07:00" });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:clock-cannot-go-back", problem["type"]!.GetValue<string>());
        Assert.Contains("durable timers", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("tidak bisa mundur", problem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await fixture.Session.Clock.NowAsync(CancellationToken.None) >= before);
    }

    [Theory]
    [InlineData("{\"now\":\"2030-01-01T08:00:00\"}")]
    [InlineData("{\"now\":\"tomorrow\"}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task ClockMove_TimeWithoutOffsetOrMissing_Answers400NamingNow(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Operator.PutAsync("api/clock", content);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("urn:ikma-workflow:problem:invalid-clock-time", "now"), (problem["type"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ClockRead_WithoutOperatorKey_Answers401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        using var response = await anonymous.GetAsync("api/clock");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Loader_RunAgain_ReplaysEveryFormAndFindsTheSameRecords()
    {
        var log = new StringWriter();
        using var again = new DemoSession(fixture.Host.BaseAddress, AppHost.OperatorKeyValue, log);

        var cases = await DemoLoader.RunAsync(again, CancellationToken.None);

        Assert.Equal(0, again.Stored);
        Assert.Equal(fixture.Session.Stored, again.Replayed);
        Assert.Equal((fixture.Tangerang.ProgrammeId, fixture.Cipinang.ProgrammeId), (cases[0].ProgrammeId, cases[1].ProgrammeId));
        Assert.Equal(fixture.Cipinang.Certificates, cases[1].Certificates);
        Assert.Equal(fixture.Tangerang.Released, cases[0].Released);
        Assert.Contains("is already loaded", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("already later than", log.ToString(), StringComparison.Ordinal);
        var programmes = (await fixture.GetAsync("api/programmes")).AsArray();
        Assert.Equal(2, programmes.Count);
    }
}
