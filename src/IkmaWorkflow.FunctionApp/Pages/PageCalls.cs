using Azure;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// What every page function does around its page, in one place (as <see cref="ApiCalls"/> does for the API): who is
/// signed in (else to the sign-in page), the language, the anti-forgery check of every post, the idempotency of every
/// form through the same <see cref="FormSubmissions"/> store the API uses, and a page (never a stack trace) when
/// storage or the code fails.
/// </summary>
public sealed partial class PageCalls(RecordStore store, FormSubmissions submissions, PageOptions options, RateLimits limits, TimeProvider time, ILogger<PageCalls> logger)
{
    /// <summary>The query parameter naming the page to return to after signing in.</summary>
    public const string NextParameter = "next";

    /// <summary>A page for a signed-in person; without a session the browser is sent to sign in (and back afterwards).</summary>
    public Task<IResult> PageAsync(HttpRequest request, Func<PageContext, Task<IResult>> render)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(render);
        return GuardAsync(request, async () =>
        {
            var (session, refused) = await SignedInAsync(request).ConfigureAwait(false);
            return refused ?? (session is null ? ToSignIn(request) : await render(Context(request, session, session.FormSecret)).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// A page for someone not signed in (signing in); a person already signed in gets <paramref name="signedIn"/>'s page,
    /// or without one goes to the home page.
    /// </summary>
    public Task<IResult> AnonymousPageAsync(HttpRequest request, Func<PageContext, Task<IResult>> render, Func<PageContext, Task<IResult>>? signedIn = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(render);
        return GuardAsync(request, async () =>
        {
            if (await SessionAsync(request).ConfigureAwait(false) is { } session)
            {
                return signedIn is null ? new SeeOther(PageRoutes.HomePath) : await signedIn(Context(request, session, session.FormSecret)).ConfigureAwait(false);
            }

            var secret = request.Cookies[PageCookies.PreSession];
            if (!RandomToken.IsWellFormed(secret))
            {
                secret = RandomToken.New();
                PageCookies.Set(request, PageCookies.PreSession, secret, TimeSpan.FromHours(8));
            }

            return await render(Context(request, null, secret!)).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// A form from someone not signed in: its anti-forgery token must match the pre-session cookie's secret; the form
    /// is not kept for replays (nothing in it belongs to an organisation yet).
    /// </summary>
    public Task<IResult> AnonymousFormAsync(HttpRequest request, Func<PageContext, IFormCollection, Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        return GuardAsync(request, async () =>
        {
            var secret = request.Cookies[PageCookies.PreSession];
            var page = Context(request, null, RandomToken.IsWellFormed(secret) ? secret! : string.Empty);
            var (form, refused) = await ReadFormAsync(page).ConfigureAwait(false);
            return refused ?? await handle(page, form!).ConfigureAwait(false);
        });
    }

    /// <summary>A post from a signed-in person that is not a domain form (signing out): session and anti-forgery only.</summary>
    public Task<IResult> SignedInPostAsync(HttpRequest request, Func<PageContext, IFormCollection, Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        return GuardAsync(request, async () =>
        {
            var session = await SessionAsync(request).ConfigureAwait(false);
            if (session is null)
            {
                return new SeeOther(PageRoutes.SignInPath);
            }

            var page = Context(request, session, session.FormSecret);
            var (form, refused) = await ReadFormAsync(page).ConfigureAwait(false);
            return refused ?? await handle(page, form!).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// A form of the domain sent from a page by a signed-in person, as their organisation: <paramref name="submit"/>
    /// calls the same <c>*Requests</c> method the API calls. The form's hidden idempotency key makes it a submission
    /// of the <see cref="FormSubmissions"/> store, so a double click, a reload or the back button stores it once. Stored
    /// (or stored before): <paramref name="done"/>, usually a <see cref="SeeOther"/> to the page showing it. Refused
    /// as invalid or at the wrong stage: <paramref name="again"/> shows the form with the messages and what was typed.
    /// Not found, not allowed: a page saying so, with its status.
    /// </summary>
    public Task<IResult> FormAsync(
        HttpRequest request, Func<PageContext, IFormCollection, Task<Outcome>> submit, Func<PageContext, IFormCollection, IResult> done, Func<PageContext, FormState, Task<IResult>> again)
    {
        ArgumentNullException.ThrowIfNull(done);
        return FormAsync(request, submit, (page, form, _) => done(page, form), again);
    }

    /// <summary>
    /// As <see cref="FormAsync(HttpRequest, Func{PageContext, IFormCollection, Task{Outcome}}, Func{PageContext, IFormCollection, IResult}, Func{PageContext, FormState, Task{IResult}})"/>,
    /// for a form that creates a record: <paramref name="done"/> also gets the API's address of the record created
    /// (the answer's <c>Location</c>, the first time or replayed), if the answer has one.
    /// </summary>
    public Task<IResult> FormAsync(
        HttpRequest request, Func<PageContext, IFormCollection, Task<Outcome>> submit, Func<PageContext, IFormCollection, string?, IResult> done, Func<PageContext, FormState, Task<IResult>> again)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(submit);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(again);
        return GuardAsync(request, async () =>
        {
            var session = await SessionAsync(request).ConfigureAwait(false);
            if (session is null)
            {
                return ToSignIn(request);
            }

            var page = Context(request, session, session.FormSecret);
            if (limits.Form(request, $"person:{session.OrganisationId}/{session.PersonId}") is { } tooMany)
            {
                return PageLayout.Refusal(page, PageProblem.Of(tooMany));
            }

            var (form, refused) = await ReadFormAsync(page).ConfigureAwait(false);
            if (refused is not null)
            {
                return refused;
            }

            // The page's key travels as the header the store reads, so page and API submissions are kept alike; the
            // last form stored sent again with a new key (back without the script) goes with the key it went with.
            var content = FormRepeats.ContentHash(form!);
            var earlier = FormRepeats.EarlierKey(request, session, content, time.GetUtcNow());
            var key = earlier ?? form![FormState.KeyField].ToString();
            request.Headers[FormSubmissions.HeaderName] = key;
            var result = await SubmitAsync(request, session, content, () => submit(page, form!)).ConfigureAwait(false);
            switch (result)
            {
                case IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }:
                    if (earlier is null)
                    {
                        FormRepeats.Remember(request, session, content, key, time.GetUtcNow());
                    }

                    // Created the first time (Answers.Of); a replay carries the location as a header.
                    var location = result is Created<object> created ? created.Location : request.HttpContext.Response.Headers.Location.ToString();
                    return done(page, form!, string.IsNullOrEmpty(location) ? null : location);
                case ProblemHttpResult problem:
                    var shown = PageProblem.Of(problem);
                    return shown.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound or StatusCodes.Status410Gone
                        ? PageLayout.Refusal(page, shown)
                        : await again(page, FormState.Again(form!, shown)).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"A page form was answered with a {result.GetType().Name}, which the pages cannot show.");
            }
        });
    }

    // A second copy of a submission still being stored (a double click without the script) waits for the first and
    // then gets its answer, instead of a "being processed" page while the first is stored after all.
    private async Task<IResult> SubmitAsync(HttpRequest request, PersonSession session, string content, Func<Task<Outcome>> submit)
    {
        for (var attempt = 1; ; attempt++)
        {
            request.Body.Position = 0;
            var result = await submissions.SubmitAsync(request, session.Caller, async () => Answers.Of(await submit().ConfigureAwait(false)), content).ConfigureAwait(false);
            if (attempt == 50 || result is not ProblemHttpResult { ProblemDetails.Type: BilingualProblem.TypePrefix + "submission-in-progress" })
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The context of a page for <paramref name="session"/> (none before signing in), its forms' tokens made from <paramref name="secret"/> (empty: no form can be sent).</summary>
    internal PageContext Context(HttpRequest request, PersonSession? session, string secret)
    {
        var english = LanguageOf(request);
        return new PageContext(request, english, session, secret.Length == 0 ? string.Empty : AntiForgery.TokenFor(secret), time);
    }

    // The session of the cookie; without one, behind App Service authentication, a session for the person Entra ID
    // signed in (or a page saying why not).
    private async Task<(PersonSession? Session, IResult? Refused)> SignedInAsync(HttpRequest request)
    {
        if (await SessionAsync(request).ConfigureAwait(false) is { } session)
        {
            return (session, null);
        }

        if (!options.TrustAppServiceAuthentication || AppServicePrincipal.EmailOf(request.Headers[AppServicePrincipal.HeaderName].ToString()) is not { } email)
        {
            return (null, null);
        }

        var outcome = await SignInRequests.SignInByIdentityAsync(email, "entra", store, time, logger, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (outcome is Problem problem)
        {
            return (null, PageLayout.Refusal(Context(request, null, string.Empty), PageProblem.Of(problem)));
        }

        var signedIn = (SignInRequests.SignedIn)((Outcome.Done)outcome).Value;
        PageCookies.Set(request, PageCookies.Session, signedIn.CookieValue, maxAge: null);
        return (signedIn.Session, null);
    }

    /// <summary>The signed-in person of <paramref name="request"/>'s session cookie, or none.</summary>
    internal Task<PersonSession?> SessionAsync(HttpRequest request) =>
        PersonSessions.FindAsync(request.Cookies[PageCookies.Session], store, time, logger, request.HttpContext.RequestAborted);

    // Indonesian unless the query (?lang=en) or the cookie it sets says English.
    private static bool LanguageOf(HttpRequest request)
    {
        var asked = request.Query["lang"].ToString();
        if (asked is "en" or "id")
        {
            PageCookies.Set(request, PageCookies.Language, asked, TimeSpan.FromDays(365));
            return asked == "en";
        }

        return request.Cookies[PageCookies.Language] == "en";
    }

    // Reads the posted form (kept for the idempotency store to read again) and checks its anti-forgery token.
    private async Task<(IFormCollection? Form, IResult? Refused)> ReadFormAsync(PageContext page)
    {
        var request = page.Request;
        IFormCollection form;
        try
        {
            request.EnableBuffering();
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or BadHttpRequestException)
        {
            (string path, var reason) = (request.Path, ex.Message);
            LogUnreadableForm(logger, path, reason);
            return (null, PageLayout.Refusal(page, PageProblem.Of(FormProblems.UnreadableBody($"The form cannot be read: {ex.Message}", $"Formulir tidak dapat dibaca: {ex.Message}"))));
        }

        if (!AntiForgery.Matches(page.FormToken, form[AntiForgery.FieldName].ToString()))
        {
            LogForgedForm(logger, request.Path);
            var problem = new PageProblem(
                StatusCodes.Status400BadRequest, "form-expired", "Form expired", "This form was not sent from this app's page in your current session (it may be old, or from another site). Nothing was stored; open the page again and send the form from there.",
                "Formulir kedaluwarsa", "Formulir ini tidak dikirim dari halaman aplikasi ini pada sesi Anda sekarang (mungkin sudah lama, atau dari situs lain). Tidak ada yang disimpan; buka lagi halamannya dan kirim formulir dari sana.",
                new Dictionary<string, string[]>(), new Dictionary<string, string[]>());
            return (null, PageLayout.Refusal(page, problem, Html.Of($"""<p><a href="{request.Path}">{page.T("Buka lagi halamannya", "Open the page again")}</a></p>""")));
        }

        return (form, null);
    }

    private SeeOther ToSignIn(HttpRequest request)
    {
        var back = request.Path + request.QueryString;
        var target = HttpMethods.IsGet(request.Method) && SeeOther.IsPagePath(back) && back != PageRoutes.HomePath
            ? $"{PageRoutes.SignInPath}?{NextParameter}={Uri.EscapeDataString(back)}"
            : PageRoutes.SignInPath;
        (var method, string path) = (request.Method, request.Path);
        LogNotSignedIn(logger, method, path);
        return new SeeOther(target);
    }

    private async Task<IResult> GuardAsync(HttpRequest request, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or >= 500 or 403)
        {
            LogStorageFailed(logger, ex, request.Path, ex.Status, ex.ErrorCode);
            return Failure(request, StatusCodes.Status503ServiceUnavailable,
                ("Penyimpanan tidak tersedia", "Penyimpanan data tidak menjawab. Tidak ada yang disimpan; coba lagi nanti."),
                ("Storage unavailable", "The records storage did not answer. Nothing was stored; try again later."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var reference = request.HttpContext.TraceIdentifier;
            LogPageFailed(logger, ex, request.Method, request.Path, reference);
            return Failure(request, StatusCodes.Status500InternalServerError,
                ("Terjadi kesalahan", $"Halaman ini gagal dibuat. Kesalahan tercatat dengan rujukan {reference}; coba lagi, atau sebutkan rujukan itu kepada operator."),
                ("Something went wrong", $"This page failed. The error is logged under reference {reference}; try again, or give the operator that reference."));
        }
    }

    private IResult Failure(HttpRequest request, int status, (string Title, string Detail) indonesian, (string Title, string Detail) english)
    {
        var page = Context(request, null, string.Empty);
        var problem = new PageProblem(status, "failure", english.Title, english.Detail, indonesian.Title, indonesian.Detail, new Dictionary<string, string[]>(), new Dictionary<string, string[]>());
        return PageLayout.Refusal(page, problem);
    }

    [LoggerMessage(EventId = 4400, Level = LogLevel.Error, Message = "Records storage failed on page {Path}: status {Status}, error code {ErrorCode}.")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string path, int status, string? errorCode);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Error, Message = "Page {Method} {Path} failed (reference {Reference}).")]
    private static partial void LogPageFailed(ILogger logger, Exception exception, string method, string path, string reference);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "Page form posted to {Path} without a valid anti-forgery token; refused.")]
    private static partial void LogForgedForm(ILogger logger, string path);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "Page form posted to {Path} cannot be read: {Reason}")]
    private static partial void LogUnreadableForm(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4404, Level = LogLevel.Debug, Message = "{Method} {Path} without a session: sent to sign in.")]
    private static partial void LogNotSignedIn(ILogger logger, string method, string path);
}
