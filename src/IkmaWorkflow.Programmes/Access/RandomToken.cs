using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// Secrets handed to a browser (a sign-in link's token, a session cookie): 256 random bits, base64url. Only their
/// SHA-256 is stored, so a copy of the tables opens nothing.
/// </summary>
public static class RandomToken
{
    /// <summary>A new token: 43 base64url characters.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of <paramref name="token"/>: its SHA-256 in lower-case hex.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether <paramref name="text"/> is shaped like a token (so nothing else is looked up).</summary>
    public static bool IsWellFormed(string? text) => text is { Length: 43 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
