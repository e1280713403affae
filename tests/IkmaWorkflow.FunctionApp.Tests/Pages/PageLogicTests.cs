using System.Text;
using System.Text.Json;
using IkmaWorkflow.FunctionApp.Pages;

namespace IkmaWorkflow.FunctionApp.Tests.Pages;

/// <summary>The pages' pure logic: escaping, the anti-forgery token, where a sign-in may return to, the Entra principal.</summary>
public sealed class PageLogicTests
{
    [Fact]
    public void HtmlOf_UserText_EscapedWhileMarkupStays()
    {
        var name = "<script>alert('x')</script> & \"Sari\"";
        var inner = Html.Of($"<b>{name}</b>");

        var html = Html.Of($"<p title=\"{name}\">{inner}</p>").Value;

        Assert.Equal("<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sari&quot;\"><b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sari&quot;</b></p>", html);
    }

    [Fact]
    public void AntiForgery_TokenOfAnotherSecret_DoesNotMatch()
    {
        var token = AntiForgery.TokenFor("secret-of-session-a");

        Assert.True(AntiForgery.Matches(token, AntiForgery.TokenFor("secret-of-session-a")));
        Assert.False(AntiForgery.Matches(token, AntiForgery.TokenFor("secret-of-session-b")));
        Assert.False(AntiForgery.Matches(token, string.Empty));
        Assert.False(AntiForgery.Matches(string.Empty, string.Empty));
    }

    [Theory]
    [InlineData("/api/pages", true)]
    [InlineData("/api/pages/programmes/prg-7k3q9x2mtd/attendance?date=2024-09-03", true)]
    [InlineData("/api/pagesx", false)]
    [InlineData("//evil.example/api/pages", false)]
    [InlineData("/api/pages//evil.example", false)]
    [InlineData("/api/pages/\\evil.example", false)]
    [InlineData("/api/pages/../emails", false)]
    [InlineData("/api/pages/%2e%2e/emails", false)]
    [InlineData("https://evil.example/api/pages", false)]
    [InlineData("/api/emails", false)]
    [InlineData("", false)]
    public void IsPagePath_Candidate_OnlyPagesOfThisApp(string path, bool expected) =>
        Assert.Equal(expected, SeeOther.IsPagePath(path));

    [Fact]
    public void EmailOf_EntraPrincipal_TheAddressClaim()
    {
        var header = Principal(("name", "Dewi"), ("http://schemas.microsoft.com/identity/claims/objectidentifier", "0000"), ("preferred_username", "dewi@kemenperin.go.id"));

        Assert.Equal("dewi@kemenperin.go.id", AppServicePrincipal.EmailOf(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")]
    public void EmailOf_Unreadable_None(string? header) => Assert.Null(AppServicePrincipal.EmailOf(header));

    [Fact]
    public void EmailOf_NoAddressAmongTheClaims_None() =>
        Assert.Null(AppServicePrincipal.EmailOf(Principal(("name", "Dewi"), ("preferred_username", "dewi"))));

    private static string Principal(params (string Type, string Value)[] claims) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { auth_typ = "aad", claims = claims.Select(c => new { typ = c.Type, val = c.Value }) })));
}
