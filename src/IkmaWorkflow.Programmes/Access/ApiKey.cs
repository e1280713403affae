using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// An organisation's API key: <c>ikma.{organisationId}.{secret}</c>. The id in the key says which organisation to
/// look up; only the key's SHA-256 is stored, and it is compared in constant time. A header of any other shape (an id
/// with <c>/</c>, a short or padded secret, spaces) names no organisation, so it never reaches a table key.
/// </summary>
public static partial class ApiKey
{
    /// <summary>The request header carrying the key.</summary>
    public const string HeaderName = "x-ikma-api-key";

    private const string Scheme = "ikma";

    /// <summary>A new key for <paramref name="organisationId"/>, with 256 random bits.</summary>
    public static string Create(string organisationId) =>
        $"{Scheme}.{organisationId}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>
    /// The organisation id a key names, or <see langword="null"/> when it is not shaped exactly like a key this app
    /// issues: <c>ikma.</c>, an organisation id (3 to 40 lower-case letters, digits and single hyphens), <c>.</c>, and
    /// 43 base64url characters.
    /// </summary>
    public static string? OrganisationOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var match = KeyPattern().Match(key);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>The stored form of <paramref name="key"/>: its SHA-256 in hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> has the stored hash <paramref name="storedHash"/>.</summary>
    public static bool Matches(string key, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // The organisation id as OrganisationRequests accepts it, then 256 bits in unpadded base64url.
    [GeneratedRegex(@"\Aikma\.(?<id>[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,39})\.[A-Za-z0-9_-]{43}\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
