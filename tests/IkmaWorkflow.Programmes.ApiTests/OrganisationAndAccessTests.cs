using System.Net;

namespace IkmaWorkflow.Programmes.ApiTests;

public sealed class OrganisationAndAccessTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Register_InvalidFields_NamesEveryFieldInBothLanguagesAndStoresNothing()
    {
        using var client = fixture.Host.Operator();

        var (response, body) = await client.PostJsonAsync("api/organisations", new { id = "Lapas Cipinang!", name = "", kind = "Prison", facilityType = "Castle" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(["id", "name", "kind", "facilityType"], errors.Select(e => e.Key).ToArray());
        Assert.Contains("bukan salah satu dari", body["indonesianErrors"]!["kind"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Kiriman tidak valid", body["indonesian"]!["title"]!.GetValue<string>());
        var list = await client.GetJsonAsync("api/organisations");
        Assert.DoesNotContain(list!.AsArray(), o => o!["name"]!.GetValue<string>().Length == 0);
    }

    [Fact]
    public async Task Register_Successor_LinksPredecessorAndAnswersKeyOnce()
    {
        using var client = fixture.Host.Operator();

        var (response, body) = await client.PostJsonAsync("api/organisations", new { id = "ditjenpas-imipas", name = "Direktorat Jenderal Pemasyarakatan (Kementerian Imigrasi dan Pemasyarakatan)", kind = "CorrectionsUnit", predecessorId = "ditjenpas" });
        var (again, againBody) = await client.PostJsonAsync("api/organisations", new { id = "ditjenpas-imipas", name = "Another name", kind = "CorrectionsUnit" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("ikma.ditjenpas-imipas.", body!["apiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:already-exists", againBody!["type"]!.GetValue<string>());
        var organisations = (await client.GetJsonAsync("api/organisations"))!.AsArray();
        var old = organisations.Single(o => o!["id"]!.GetValue<string>() == "ditjenpas");
        Assert.Equal("ditjenpas-imipas", old!["successorId"]!.GetValue<string>());
        Assert.DoesNotContain(organisations, o => o!.AsObject().ContainsKey("apiKeyHash"));
    }

    [Fact]
    public async Task Request_WithoutOrWithWrongKey_Answers401Problem()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        using var wrong = fixture.Host.Client("x-ikma-api-key", "ikma.dg-ikma.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var none = await anonymous.GetAsync("api/programmes");
        var bad = await wrong.GetAsync("api/programmes");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Contains("x-ikma-api-key", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterMou_ByFacility_IsForbidden()
    {
        using var facility = fixture.As("lapas-cipinang");

        var (response, body) = await facility.PostJsonAsync("api/mous", new { number = "1/2024", title = "x", partyIds = new[] { "dg-ikma", "ditjenpas" }, signedOn = "2024-01-01", validFrom = "2024-01-01", validUntil = "2029-01-01", scope = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:forbidden", body!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotateKey_OldKeyStopsWorking()
    {
        using var client = fixture.Host.Operator();
        var (_, registered) = await client.PostJsonAsync("api/organisations", new { id = "pimti", name = "Perhimpunan Indonesia Tionghoa", kind = "Foundation" });
        using var before = fixture.Host.Client("x-ikma-api-key", registered!["apiKey"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("api/programmes")).StatusCode);

        var (rotated, body) = await client.PostJsonAsync("api/organisations/pimti/api-key", new { });

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("api/programmes")).StatusCode);
        using var after = fixture.Host.Client("x-ikma-api-key", body!["apiKey"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("api/programmes")).StatusCode);
    }
}
