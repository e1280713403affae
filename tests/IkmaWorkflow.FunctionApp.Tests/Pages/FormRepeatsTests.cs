using IkmaWorkflow.FunctionApp.Pages;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Organisations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace IkmaWorkflow.FunctionApp.Tests.Pages;

/// <summary>
/// <see cref="FormRepeats"/>: what counts as the same content, and when the last form stored lends its key: same
/// session, same route, same content, within the window; never for another session, route or content, or later.
/// </summary>
public sealed class FormRepeatsTests
{
    private static readonly DateTimeOffset Now = new(2024, 9, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly PersonSession Session = new("person-1", "Sari Mitra", "mitra@ybi.example.org", "ybi", "Yayasan Batik Indonesia", OrganisationKind.Foundation, "secret-of-session-a");

    [Fact]
    public void ContentHash_KeyAndTokenIgnored_FieldsAndFilesCount()
    {
        var first = FormRepeats.ContentHash(Form(("__key", "a"), ("__form", "t1"), ("title", "Batik"), ("partnerIds", "ybi")));
        var again = FormRepeats.ContentHash(Form(("partnerIds", "ybi"), ("title", "Batik"), ("__key", "b"), ("__form", "t2")));

        Assert.Equal(first, again);
        Assert.NotEqual(first, FormRepeats.ContentHash(Form(("title", "Batik "), ("partnerIds", "ybi"))));
        Assert.NotEqual(first, FormRepeats.ContentHash(Form(("title", "Batik"), ("partnerIds", "ybi"), ("partnerIds", "pimti"))));
        Assert.NotEqual(FormRepeats.ContentHash(Form(("a", "bc"))), FormRepeats.ContentHash(Form(("ab", "c"))));
        Assert.NotEqual(
            FormRepeats.ContentHash(Form([("kind", "Photo")], ("document", "foto.jpg", [1, 2, 3]))),
            FormRepeats.ContentHash(Form([("kind", "Photo")], ("document", "foto.jpg", [1, 2, 4]))));
    }

    [Fact]
    public void EarlierKey_TheLastFormAgainWithinTheWindow_ItsKey()
    {
        var key = RandomToken.New();
        var cookie = Remembered("/api/pages/programmes/new", "content-1", key, Now);

        Assert.Equal(key, FormRepeats.EarlierKey(Request("/api/pages/programmes/new", cookie), Session, "content-1", Now.AddMinutes(14)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/programmes/new", cookie), Session, "content-2", Now.AddMinutes(1)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/mous", cookie), Session, "content-1", Now.AddMinutes(1)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/programmes/new", cookie), Session, "content-1", Now.Add(FormRepeats.Window)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/programmes/new", cookie), Session with { FormSecret = "secret-of-session-b" }, "content-1", Now.AddMinutes(1)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/programmes/new", cookie.Replace(key, RandomToken.New(), StringComparison.Ordinal)), Session, "content-1", Now.AddMinutes(1)));
        Assert.Null(FormRepeats.EarlierKey(Request("/api/pages/programmes/new", "garbage"), Session, "content-1", Now));
    }

    // The cookie value Remember sets for a form stored at `path`.
    private static string Remembered(string path, string content, string key, DateTimeOffset at)
    {
        var request = Request(path, null);
        FormRepeats.Remember(request, Session, content, key, at);
        var header = SetCookieHeaderValue.Parse(request.HttpContext.Response.Headers.SetCookie.ToString());
        Assert.Equal(FormRepeats.CookieName, header.Name.ToString());
        return Uri.UnescapeDataString(header.Value.ToString());
    }

    private static HttpRequest Request(string path, string? cookie)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Request.Host = new HostString("localhost");
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"{FormRepeats.CookieName}={Uri.EscapeDataString(cookie)}";
        }

        return http.Request;
    }

    private static FormCollection Form(params (string Name, string Value)[] fields) => Form(fields, []);

    private static FormCollection Form((string Name, string Value)[] fields, params (string Name, string FileName, byte[] Content)[] files)
    {
        var values = fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)]));
        var uploaded = new FormFileCollection();
        uploaded.AddRange(files.Select(f => new FormFile(new MemoryStream(f.Content), 0, f.Content.Length, f.Name, f.FileName) { Headers = new HeaderDictionary(), ContentType = "image/jpeg" }));
        return new FormCollection(values, uploaded);
    }
}
