using System.Net;
using System.Text;
using System.Text.Json;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>The app behind App Service authentication: the <c>X-MS-CLIENT-PRINCIPAL</c> header signs a registered person in.</summary>
public sealed class EntraSignInTests(EntraSignInTests.TrustingFixture fixture) : IClassFixture<EntraSignInTests.TrustingFixture>
{
    [Fact]
    public async Task Home_PrincipalOfARegisteredPerson_SignedInWithASessionCookie()
    {
        using var client = Client(fixture, PagesFixture.CipinangOfficer.ToUpperInvariant());

        var response = await client.GetAsync("api/pages");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Rina Petugas", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ikma-session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Home_PrincipalOfAnUnknownAddress_ForbiddenPage()
    {
        using var client = Client(fixture, "orang.lain@kemenperin.example.go.id");

        var response = await client.GetAsync("api/pages");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("orang.lain@kemenperin.example.go.id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The pages' fixture with the app behind App Service authentication.</summary>
    public sealed class TrustingFixture : PagesFixture
    {
        protected override IReadOnlyDictionary<string, string?>? Settings { get; } = new Dictionary<string, string?> { ["Pages:TrustAppServiceAuthentication"] = "true" };
    }

    internal static HttpClient Client(PagesFixture fixture, string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.Host.BaseAddress };
        var principal = new { auth_typ = "aad", claims = new[] { new { typ = "name", val = "Someone" }, new { typ = "preferred_username", val = email } } };
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal))));
        return client;
    }
}
