using System.Text.Json;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Signing in with a one-time link sent to the email the app holds for the person, and signing out. The request page
/// answers the same whether or not the address is known; the link opens a page whose button uses it (so a mail
/// scanner that opens links does not spend it).
/// </summary>
public sealed class SignInPages(PageCalls pages, RecordStore store, EmailOutbox outbox, FollowUpOptions addresses, RateLimits limits, TimeProvider time, ILogger<PageCalls> logger)
{
    /// <summary><c>GET /api/pages/sign-in</c>: the form asking for an email address.</summary>
    [Function("PageSignIn")]
    public Task<IResult> SignInAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.SignIn)] HttpRequest request) =>
        pages.AnonymousPageAsync(request, page => Task.FromResult(SignInForm(page, FormState.Fresh(), request.Query[PageCalls.NextParameter].ToString())));

    /// <summary>
    /// <c>POST /api/pages/sign-in</c>: sends the link, through the email outbox, to every person with that address; a
    /// 429 page when the client or the address has asked too often (<see cref="RateLimits.SignInLink"/>).
    /// </summary>
    [Function("PageSignInSend")]
    public Task<IResult> SendAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.SignIn)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.AnonymousFormAsync(request, async (page, form) =>
        {
            var next = form[PageCalls.NextParameter].ToString();
            if (limits.SignInLink(request, form["email"].ToString()) is { } tooMany)
            {
                return PageLayout.Refusal(page, PageProblem.Of(tooMany), Html.Of($"""<p><a href="{PageRoutes.SignInPath}">{page.T("Kembali ke halaman masuk", "Back to the sign-in page")}</a></p>"""));
            }

            var body = new FormBody(JsonSerializer.SerializeToElement(new { email = form["email"].ToString() }), null);
            var outcome = await SignInRequests.RequestLinkAsync(body, token => LinkFor(token, next), store, outbox, time, logger, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return SignInForm(page, FormState.Again(form, PageProblem.Of(problem)), next);
            }

            var email = ((SignInRequests.LinkRequested)((Outcome.Done)outcome).Value).Email;
            var content = Html.Of($"""
                <div class="notice saved" role="status">
                <p>{page.T($"Jika alamat {email} terdaftar di IKMA Workflow, tautan masuk sudah dikirim ke alamat itu.", $"If {email} is registered with IKMA Workflow, a sign-in link has been sent to it.")}</p>
                </div>
                <p>{page.T($"Tautan berlaku {SignInRequests.LinkLifetime.TotalMinutes:0} menit dan hanya dapat dipakai sekali. Tidak menerima email? Periksa folder spam, atau tanyakan kepada koordinator alamat email yang terdaftar untuk Anda.", $"The link works for {SignInRequests.LinkLifetime.TotalMinutes:0} minutes, once. No email? Look in the spam folder, or ask your coordinator which address is registered for you.")}</p>
                <p><a href="{PageRoutes.SignInPath}">{page.T("Minta tautan lagi", "Ask for another link")}</a></p>
                """);
            return PageLayout.Page(page, page.T("Periksa email Anda", "Check your email"), content);
        });

    /// <summary>
    /// <c>GET /api/pages/sign-in/link?token=</c>: what the email's link opens: a button that signs in. Someone already
    /// signed in is told as whom, may go on where the link was going (the link stays unused and expires), or sign out
    /// and come back to this link to sign in as the person it was sent to.
    /// </summary>
    [Function("PageSignInLink")]
    public Task<IResult> LinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.SignInLink)] HttpRequest request) =>
        pages.AnonymousPageAsync(request, page =>
        {
            var content = Html.Of($"""
                <p>{page.T("Tekan tombol di bawah untuk masuk. Tautan ini hanya dapat dipakai sekali.", "Press the button below to sign in. This link works once.")}</p>
                <form method="post" action="{PageRoutes.SignInLinkPath}" class="form">
                {PageLayout.Hidden(AntiForgery.FieldName, page.FormToken)}
                {PageLayout.Hidden("token", request.Query["token"].ToString())}
                {PageLayout.Hidden(PageCalls.NextParameter, request.Query[PageCalls.NextParameter].ToString())}
                <div class="actions"><button type="submit" class="primary">{page.T("Masuk", "Sign in")}</button></div>
                </form>
                """);
            return Task.FromResult(PageLayout.Page(page, page.T("Masuk ke IKMA Workflow", "Sign in to IKMA Workflow"), content));
        },
        page => Task.FromResult(AlreadySignedIn(page)));

    /// <summary><c>POST /api/pages/sign-in/link</c>: uses the link (once) and opens the session.</summary>
    [Function("PageSignInUse")]
    public Task<IResult> UseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.SignInLink)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.AnonymousFormAsync(request, async (page, form) =>
        {
            var outcome = await SignInRequests.UseLinkAsync(form["token"].ToString(), store, time, logger, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return PageLayout.Refusal(page, PageProblem.Of(problem), Html.Of($"""<p><a href="{PageRoutes.SignInPath}">{page.T("Minta tautan masuk baru", "Ask for a new sign-in link")}</a></p>"""));
            }

            var signedIn = (SignInRequests.SignedIn)((Outcome.Done)outcome).Value;
            PageCookies.Set(request, PageCookies.Session, signedIn.CookieValue, maxAge: null);
            PageCookies.Remove(request, PageCookies.PreSession);
            var next = form[PageCalls.NextParameter].ToString();
            return new SeeOther(SeeOther.IsPagePath(next) ? next : PageRoutes.HomePath);
        });

    /// <summary><c>POST /api/pages/sign-out</c>: ends the session (its row is deleted) and removes the cookie.</summary>
    [Function("PageSignOut")]
    public Task<IResult> SignOutAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.SignOut)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.SignedInPostAsync(request, async (page, form) =>
        {
            await PersonSessions.CloseAsync(request.Cookies[PageCookies.Session], store, logger, cancellationToken).ConfigureAwait(false);
            PageCookies.Remove(request, PageCookies.Session);

            // The back button must not show the person's pages from the browser's cache once they have signed out.
            request.HttpContext.Response.Headers["Clear-Site-Data"] = "\"cache\"";

            // Signing out to use a sign-in link goes back to that link's page; only pages of this app are accepted.
            var next = form[PageCalls.NextParameter].ToString();
            return new SeeOther(next.StartsWith(PageRoutes.SignInLinkPath + "?", StringComparison.Ordinal) && SeeOther.IsPagePath(next) ? next : PageRoutes.SignInPath + "?signedOut=1");
        });

    // A sign-in link opened by someone signed in: as whom they are signed in; go on (the link stays unused), or sign out
    // and back to this link, so the link signs in the person it was sent to (another organisation, another person).
    private static IResult AlreadySignedIn(PageContext page)
    {
        var request = page.Request;
        var next = request.Query[PageCalls.NextParameter].ToString();
        var onward = SeeOther.IsPagePath(next) ? next : PageRoutes.HomePath;
        var link = $"{PageRoutes.SignInLinkPath}{request.QueryString}";
        var content = Html.Of($"""
            <p>{page.T($"Anda sudah masuk sebagai {page.Person.PersonName}, untuk {page.Person.OrganisationName}. Tautan ini tidak dipakai; tautan berakhir sendiri 15 menit setelah dikirim.", $"You are already signed in as {page.Person.PersonName}, for {page.Person.OrganisationName}. This link is not used; it expires by itself 15 minutes after it was sent.")}</p>
            <p><a href="{onward}">{page.T("Lanjutkan", "Continue")}</a></p>
            <p>{page.T("Tautan ini untuk orang atau organisasi lain? Keluar dulu, lalu masuk dengan tautan ini.", "Is this link for another person or organisation? Sign out first, then sign in with this link.")}</p>
            <form method="post" action="{PageRoutes.SignOutPath}" class="form">
            {PageLayout.Hidden(AntiForgery.FieldName, page.FormToken)}
            {PageLayout.Hidden(PageCalls.NextParameter, SeeOther.IsPagePath(link) ? link : string.Empty)}
            <div class="actions"><button type="submit">{page.T("Keluar, lalu masuk dengan tautan ini", "Sign out, then sign in with this link")}</button></div>
            </form>
            """);
        return PageLayout.Page(page, page.T("Anda sudah masuk", "You are already signed in"), content);
    }

    private static IResult SignInForm(PageContext page, FormState state, string next)
    {
        var signedOut = page.Request.Query.ContainsKey("signedOut") ? PageLayout.Saved(page.T("Anda sudah keluar.", "You have signed out.")) : Markup.Empty;
        var content = Html.Of($"""
            {signedOut}
            <p>{page.T("Masukkan alamat email yang terdaftar untuk Anda di IKMA Workflow. Kami mengirim tautan masuk yang berlaku 15 menit.", "Enter the email address registered for you with IKMA Workflow. We send you a sign-in link that works for 15 minutes.")}</p>
            {PageForm.Summary(page, state, _ => page.T("Alamat email", "Email address"))}
            {PageForm.Start(page, state, PageRoutes.SignInPath)}
            {PageLayout.Hidden(PageCalls.NextParameter, SeeOther.IsPagePath(next) ? next : string.Empty)}
            {PageForm.Input(page, state, "email", page.T("Alamat email", "Email address"), type: "email", autocomplete: "email")}
            {PageForm.End(page.T("Kirim tautan masuk", "Send me a sign-in link"))}
            """);
        return PageLayout.Page(page, page.T("Masuk", "Sign in"), content, state.Status);
    }

    private Uri LinkFor(string token, string next)
    {
        var query = $"token={token}" + (SeeOther.IsPagePath(next) ? $"&{PageCalls.NextParameter}={Uri.EscapeDataString(next)}" : string.Empty);
        return new Uri(addresses.PublicBaseAddress, $"{PageRoutes.SignInLinkPath.TrimStart('/')}?{query}");
    }
}
