using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A page form sent again without the script: back to the form, whose page came with a new idempotency key, and the
/// same content sent again. The browser remembers, in cookie <see cref="CookieName"/>, the last form stored from this
/// session: the form's route, its content's hash and the key it went with, for <see cref="Window"/>, sealed with the
/// session's own secret. A form whose own key is new but whose content is that last form's, sent to the same route
/// within the window, goes with that key, so the store answers what it stored the first time. Only the last form
/// counts: content sent, then corrected, then sent as first again is a new submission (the correction must not win).
/// </summary>
internal static class FormRepeats
{
    /// <summary>The cookie holding the last form stored.</summary>
    public const string CookieName = "ikma-sent";

    /// <summary>How long after a form is stored the same content counts as the same submission.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The hash of what <paramref name="form"/> says: every field but the idempotency key and anti-forgery token, by
    /// name, and each file's field, name, type and content.
    /// </summary>
    public static string ContentHash(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var field in form.Where(f => f.Key is not (FormState.KeyField or AntiForgery.FieldName)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Append(hash, field.Key);
            Append(hash, field.Value.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var value in field.Value)
            {
                Append(hash, value ?? string.Empty);
            }
        }

        foreach (var file in form.Files.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.FileName, StringComparer.Ordinal))
        {
            Append(hash, file.Name);
            Append(hash, file.FileName);
            Append(hash, file.ContentType ?? string.Empty);
            using var content = file.OpenReadStream();
            Append(hash, Convert.ToHexStringLower(SHA256.HashData(content)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The key the last form stored from <paramref name="session"/> went with, when it was sent to the same route with
    /// <paramref name="content"/> less than <see cref="Window"/> before <paramref name="now"/>; none otherwise.
    /// </summary>
    public static string? EarlierKey(HttpRequest request, PersonSession session, string content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(session);
        var parts = request.Cookies[CookieName]?.Split('.');
        if (parts is not [var seal, var sentText, var key]
            || !long.TryParse(sentText, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt)
            || !RandomToken.IsWellFormed(key))
        {
            return null;
        }

        var expected = Seal(session, FormSubmissions.CanonicalRoute(request), content, sentAt, key);
        var age = now - DateTimeOffset.FromUnixTimeSeconds(sentAt);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(seal), Encoding.ASCII.GetBytes(expected)) && age >= TimeSpan.Zero && age < Window
            ? key
            : null;
    }

    /// <summary>Remembers the form just stored (its route, <paramref name="content"/> and <paramref name="key"/>) as the session's last.</summary>
    public static void Remember(HttpRequest request, PersonSession session, string content, string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!RandomToken.IsWellFormed(key))
        {
            return;
        }

        var sentAt = now.ToUnixTimeSeconds();
        var seal = Seal(session, FormSubmissions.CanonicalRoute(request), content, sentAt, key);
        PageCookies.Set(request, CookieName, $"{seal}.{sentAt.ToString(CultureInfo.InvariantCulture)}.{key}", Window);
    }

    // An HMAC under the session's secret: nobody else can make one, and another session's does not match.
    private static string Seal(PersonSession session, string route, string content, long sentAt, string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("ikma-sent\n" + session.FormSecret),
            Encoding.UTF8.GetBytes($"{route}\n{content}\n{sentAt.ToString(CultureInfo.InvariantCulture)}\n{key}")));

    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
