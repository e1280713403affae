using System.Text;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The frame of every page: the document with its <c>lang</c>, the stylesheet and script of the app, a header with the
/// language switch and (signed in) the person and a sign-out button, and the answer's headers: kept in the browser's
/// own cache only and checked again before reuse, except by the back button, which so shows the same form with the
/// same idempotency key (signing out clears that cache); a content security policy that allows the app's own files only, no referrer (a sign-in link's
/// token never leaves in one).
/// </summary>
public static class PageLayout
{
    /// <summary>The whole page with <paramref name="content"/> under heading <paramref name="title"/>.</summary>
    public static IResult Page(PageContext page, string title, Markup content, int status = StatusCodes.Status200OK, Markup? lead = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var headers = page.Request.HttpContext.Response.Headers;
        headers.CacheControl = "private, no-cache";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        var signOut = page.Session is { } person
            ? Html.Of($"""
                <div class="who"><span>{person.PersonName}</span> <span class="org">{person.OrganisationName}</span></div>
                <form method="post" action="{PageRoutes.SignOutPath}" class="inline">{Hidden(AntiForgery.FieldName, page.FormToken)}<button type="submit" class="link">{page.T("Keluar", "Sign out")}</button></form>
                """)
            : Markup.Empty;
        var html = Html.Of($"""
            <!DOCTYPE html>
            <html lang="{page.Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · IKMA Workflow</title>
            <link rel="stylesheet" href="{PageAssets.StylesheetPath}">
            <script src="{PageAssets.ScriptPath}" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">{page.T("Langsung ke isi", "Skip to content")}</a>
            <header class="top">
            <div class="bar">
            <a class="brand" href="{PageRoutes.HomePath}">IKMA Workflow</a>
            <nav aria-label="{page.T("Bahasa dan akun", "Language and account")}">
            {LanguageSwitch(page)}
            {signOut}
            </nav>
            </div>
            </header>
            <main id="main" tabindex="-1">
            <h1>{title}</h1>
            {lead ?? Markup.Empty}
            {content}
            </main>
            <footer class="bottom"><p>{page.T("Direktorat Jenderal Industri Kecil, Menengah dan Aneka · Kementerian Perindustrian. Waktu ditampilkan dalam WIB.", "Directorate General of Small, Medium and Multifarious Industries · Ministry of Industry. Times are shown in WIB.")}</p></footer>
            </body>
            </html>
            """);
        return TypedResults.Content(html.Value, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A page telling of a refusal (not found, not allowed, a link that expired...) with its status.</summary>
    public static IResult Refusal(PageContext page, PageProblem problem, Markup? next = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(problem);
        var content = Html.Of($"""
            <div class="notice problem" role="alert"><p>{problem.DetailIn(page)}</p></div>
            {next ?? Html.Of($"""<p><a href="{PageRoutes.HomePath}">{page.T("Kembali ke beranda", "Back to the home page")}</a></p>""")}
            """);
        return Page(page, problem.TitleIn(page), content, problem.Status);
    }

    /// <summary>A hidden field.</summary>
    public static Markup Hidden(string name, string value) => Html.Of($"""<input type="hidden" name="{name}" value="{value}">""");

    /// <summary>A line telling the person what was just stored.</summary>
    public static Markup Saved(string? message) =>
        message is null ? Markup.Empty : Html.Of($"""<div class="notice saved" role="status"><p>{message}</p></div>""");

    // The other language, on the same page with the same query.
    private static Markup LanguageSwitch(PageContext page)
    {
        var query = page.Request.Query.Where(q => q.Key != "lang").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}").ToList();
        query.Add(page.English ? "lang=id" : "lang=en");
        var href = $"{page.Request.PathBase}{page.Request.Path}?{string.Join('&', query)}";
        return page.English
            ? Html.Of($"""<a class="lang" href="{href}" lang="id" hreflang="id">Bahasa Indonesia</a>""")
            : Html.Of($"""<a class="lang" href="{href}" lang="en" hreflang="en">English</a>""");
    }
}
