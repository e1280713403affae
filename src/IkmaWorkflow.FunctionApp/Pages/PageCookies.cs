namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The pages' cookies, all scoped to <see cref="PageRoutes.Base"/>, HttpOnly and SameSite=Lax, and Secure unless the
/// app is reached over plain http on this machine (localhost), where a browser would not send a Secure cookie back.
/// </summary>
public static class PageCookies
{
    /// <summary>The session cookie: a random value whose hash keys the server-side session.</summary>
    public const string Session = "ikma-session";

    /// <summary>The secret of the anti-forgery tokens of forms sent before signing in.</summary>
    public const string PreSession = "ikma-pre";

    /// <summary>The language chosen: <c>id</c> or <c>en</c>.</summary>
    public const string Language = "ikma-lang";

    /// <summary>Sets cookie <paramref name="name"/> on the answer; <paramref name="maxAge"/> null makes it last until the browser closes.</summary>
    public static void Set(HttpRequest request, string name, string value, TimeSpan? maxAge)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Cookies.Append(name, value, Options(request, maxAge));
    }

    /// <summary>Removes cookie <paramref name="name"/> from the browser.</summary>
    public static void Remove(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Cookies.Delete(name, Options(request, null));
    }

    /// <summary>Whether the cookies are sent with Secure: everywhere but plain http on localhost.</summary>
    public static bool IsSecure(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        var local = host is "localhost" or "127.0.0.1" or "[::1]" or "::1";
        return request.IsHttps || !local;
    }

    private static CookieOptions Options(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = IsSecure(request),
        SameSite = SameSiteMode.Lax,
        Path = PageRoutes.Base,
        IsEssential = true,
        MaxAge = maxAge,
    };
}
