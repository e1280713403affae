using System.Globalization;
using System.Net;

namespace IkmaWorkflow.Programmes.ApiTests.Security;

/// <summary>
/// A form is idempotent on its function's route, not on how the path is spelled: the same Idempotency-Key and body
/// sent to <c>/participants</c>, <c>/participants/</c> and <c>/PROGRAMMES/…/Participants</c> store once.
/// </summary>
public sealed class IdempotentRouteTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Enrol_SameKeyToThreeSpellingsOfTheRoute_StoresOnceAndReplays()
    {
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var programmeId = await PlannedProgrammeAsync(ministry);
        var participant = new { type = "Officer", track = "batik", fullName = "Rini Lestari" };

        var first = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", participant, idempotencyKey: "enrol-rini");
        var slash = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants/", participant, idempotencyKey: "enrol-rini");
        var shouted = await facility.PostJsonAsync($"API/PROGRAMMES/{programmeId}/Participants", participant, idempotencyKey: "enrol-rini");

        Assert.Equal(HttpStatusCode.Created, first.Response.StatusCode);
        Assert.All([slash, shouted], r =>
        {
            Assert.Equal(HttpStatusCode.Created, r.Response.StatusCode);
            Assert.Equal("true", r.Response.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(first.Body!.ToJsonString(), r.Body!.ToJsonString());
        });
        var list = (await ministry.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray();
        Assert.Single(list, p => p!["fullName"]!.GetValue<string>() == "Rini Lestari");
    }

    [Fact]
    public async Task AddPerson_SameBodyWithoutKeyToThreeSpellings_StoresOnce()
    {
        using var foundation = fixture.As("ybi");
        var person = new { name = "Dewi Kartika", email = "dewi.kartika@ybi.example", role = "Trainer" };

        var answers = new[]
        {
            await foundation.PostJsonAsync("api/organisations/ybi/people", person),
            await foundation.PostJsonAsync("api/organisations/ybi/people/", person),
            await foundation.PostJsonAsync("Api/Organisations/ybi/PEOPLE", person),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        var people = (await foundation.GetJsonAsync("api/organisations/ybi/people"))!.AsArray();
        Assert.Single(people, p => p!["email"]!.GetValue<string>() == "dewi.kartika@ybi.example");
    }

    private async Task<string> PlannedProgrammeAsync(HttpClient ministry)
    {
        var start = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().UtcDateTime).AddDays(30);
        var (startText, endText) = (start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.AddDays(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = "Bimtek Batik (idempotent route)", facilityId = "lapas-cipinang", partnerIds = new[] { "ditjenpas" }, year = start.Year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var programmeId = programme!["id"]!.GetValue<string>();
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-771/IKMA.3/IND/VII/{start.Year}", letterDate = startText, issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = start.Year });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var (planned, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/plan", new { startDate = startText, endDate = endText, tracks = new[] { new { code = "batik", name = "Batik", nameEnglish = "Batik", quota = 10 } } });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        return programmeId;
    }
}
