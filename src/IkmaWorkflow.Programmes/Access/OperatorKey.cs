using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// The secret that opens the durable management API, from app setting <c>OperatorKey</c>. When the setting is absent
/// the API refuses every request: it is never open by default.
/// </summary>
public sealed class OperatorKey
{
    /// <summary>The app setting holding the key.</summary>
    public const string SettingName = "OperatorKey";

    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "x-ikma-operator-key";

    /// <summary>The query parameter that carries the key when the header cannot be set.</summary>
    public const string QueryName = "code";

    /// <summary>The shortest key accepted.</summary>
    public const int MinimumLength = 16;

    // Only the key's hash is kept, so comparing takes the same time whatever the candidate's length.
    private readonly byte[]? _hash;

    private OperatorKey(byte[]? hash) => _hash = hash;

    /// <summary>Whether a key is configured; without one every request is refused.</summary>
    public bool IsConfigured => _hash is not null;

    /// <summary>Reads and checks the key; an absent or empty setting means not configured.</summary>
    /// <exception cref="AppSettingException">The key is set but too short or holds characters a header cannot carry.</exception>
    public static OperatorKey FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var key = configuration[SettingName];
        if (string.IsNullOrWhiteSpace(key))
        {
            return new OperatorKey(null);
        }

        if (key.Length < MinimumLength || !key.All(c => c is > ' ' and <= '~'))
        {
            throw new AppSettingException(
                SettingName,
                $"the operator key must be at least {MinimumLength} printable ASCII characters without spaces (it travels in the {HeaderName} header); generate one with `openssl rand -hex 32`, or remove the setting to switch the durable management API off.");
        }

        return new OperatorKey(Hash(key));
    }

    /// <summary>Whether <paramref name="candidate"/> is the key, compared in constant time.</summary>
    public bool Matches(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return _hash is not null && CryptographicOperations.FixedTimeEquals(Hash(candidate), _hash);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
