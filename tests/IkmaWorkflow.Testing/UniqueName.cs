using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.Testing;

/// <summary>Makes storage resource names that no other test (or earlier run) uses.</summary>
public static class UniqueName
{
    private const int MaxLength = 40;
    private const int SuffixLength = 8;

    /// <summary>
    /// Returns <c>prefix-xxxxxxxx</c> (8 random hex chars), lowercase and at most 40 chars, valid as a
    /// queue or blob container name. Characters other than letters and digits in the prefix become hyphens.
    /// </summary>
    public static string Create(string prefix)
    {
        var stem = Normalize(prefix, keepHyphens: true, MaxLength - SuffixLength - 1);
        return $"{stem}-{RandomSuffix()}";
    }

    /// <summary>
    /// Returns <c>prefixxxxxxxxx</c> (8 random hex chars), lowercase letters and digits only and at most
    /// 40 chars, valid as a table name. Characters other than letters and digits in the prefix are dropped.
    /// </summary>
    public static string ForTable(string prefix)
    {
        var stem = Normalize(prefix, keepHyphens: false, MaxLength - SuffixLength);
        return stem + RandomSuffix();
    }

    private static string RandomSuffix() => RandomNumberGenerator.GetHexString(SuffixLength, lowercase: true);

    private static string Normalize(string prefix, bool keepHyphens, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        var builder = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (keepHyphens && builder.Length > 0 && builder[^1] != '-')
            {
                // Storage rejects consecutive hyphens, so a run of separators collapses to one.
                builder.Append('-');
            }
        }

        if (builder.Length > maxLength)
        {
            builder.Length = maxLength;
        }

        var stem = builder.ToString().TrimEnd('-');
        if (stem.Length == 0 || !char.IsAsciiLetterLower(stem[0]))
        {
            throw new ArgumentException(
                $"Prefix '{prefix}' must start with an ASCII letter to make a storage name.", nameof(prefix));
        }

        return stem;
    }
}
