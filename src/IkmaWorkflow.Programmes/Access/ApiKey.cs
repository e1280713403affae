using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// An organisation's API key: <c>ikma.{organisationId}.{secret}</c>. The id in the key says which organisation to
/// look up; only the key's SHA-256 is stored, and it is compared in constant time.
/// </summary>
public static class ApiKey
{
    /// <summary>The request header carrying the key.</summary>
    public const string HeaderName = "x-ikma-api-key";

    private const string Scheme = "ikma";

    /// <summary>A new key for <paramref name="organisationId"/>, with 256 random bits.</summary>
    public static string Create(string organisationId) =>
        $"{Scheme}.{organisationId}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The organisation id a key names, or <see langword="null"/> when it is not shaped like a key.</summary>
    public static string? OrganisationOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('.');
        return parts is [Scheme, { Length: > 0 } id, { Length: >= 32 }] ? id : null;
    }

    /// <summary>The stored form of <paramref name="key"/>: its SHA-256 in hex.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> has the stored hash <paramref name="storedHash"/>.</summary>
    public static bool Matches(string key, string? storedHash) =>
        storedHash is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
