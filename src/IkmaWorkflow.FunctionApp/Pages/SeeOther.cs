namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>303 See Other: after a form is stored, the browser is sent to a page to GET, so a reload never posts again.</summary>
/// <param name="Location">Where to go, an address on this app.</param>
public sealed record SeeOther(string Location) : IResult
{
    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        httpContext.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a page of this app that a sign-in may return to: a local path under
    /// <see cref="PageRoutes.Base"/>, never another site (<c>//evil.example</c>, <c>/\evil.example</c>).
    /// </summary>
    public static bool IsPagePath(string? path)
    {
        if (path is not { Length: > 0 and <= 500 } || path.Any(char.IsControl))
        {
            return false;
        }

        // The path part plain (no "..", "//", "\" or escapes that could spell them); the query may be escaped.
        var part = path.Split('?')[0];
        return (part == PageRoutes.Base || part.StartsWith(PageRoutes.Base + "/", StringComparison.Ordinal))
            && !part.Contains("//", StringComparison.Ordinal) && !part.Contains("..", StringComparison.Ordinal)
            && !path.Contains('\\', StringComparison.Ordinal) && !part.Contains('%', StringComparison.Ordinal);
    }
}
