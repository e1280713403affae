using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The anti-forgery token every page form carries in hidden field <see cref="FieldName"/>: an HMAC-SHA256 of a fixed
/// purpose under a secret another site cannot read: the session's own secret (kept in its server-side row) once
/// signed in, the <see cref="PageCookies.PreSession"/> cookie's before. A post without the right token is refused.
/// </summary>
public static class AntiForgery
{
    /// <summary>The hidden field holding the token.</summary>
    public const string FieldName = "__form";

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("ikma-workflow page form");

    /// <summary>The token for <paramref name="secret"/>.</summary>
    public static string TokenFor(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Purpose)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="sent"/> is <paramref name="expected"/>, the page's own token, compared in constant time.</summary>
    public static bool Matches(string? expected, string? sent) =>
        !string.IsNullOrEmpty(expected) && !string.IsNullOrEmpty(sent)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(sent));
}
