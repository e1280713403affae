using System.Globalization;
using System.Text;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// A holder's initials for public verification, such as <c>B. S.</c> for Budi Santoso: enough for a reader holding the
/// certificate to see it is the same person, too little to identify anyone.
/// </summary>
/// <remarks>
/// Indonesian names often carry titles. Everything after the first comma is a title (<c>Siti Rahmawati, S.Sos.</c>);
/// a title without a comma is recognised by a dot inside the word (<c>S.Kom</c>, <c>A.Md.</c>), and honorifics before
/// the name (<c>Dr.</c>, <c>Ir.</c>, <c>H.</c>, <c>Hj.</c> …) are left out when a name follows them. Patronymic links
/// (<c>bin</c>, <c>binti</c>) give no initial. A single name gives one initial; a name already abbreviated
/// (<c>M. Yusuf</c>) keeps its letter.
/// </remarks>
public static class HolderInitials
{
    private static readonly HashSet<string> Honorifics = new(StringComparer.OrdinalIgnoreCase)
    {
        "dr", "drs", "dra", "ir", "prof", "h", "hj", "kh", "tn", "ny", "nn", "sdr", "sdri", "bpk",
    };

    private static readonly HashSet<string> Links = new(StringComparer.OrdinalIgnoreCase) { "bin", "binti", "bt", "bte" };

    /// <summary>The initials of <paramref name="fullName"/>, each an upper-case letter and a dot, separated by spaces.</summary>
    /// <exception cref="ArgumentException">The name has no letter to take an initial from.</exception>
    public static string Of(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var name = fullName.Normalize(NormalizationForm.FormC);
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && !string.IsNullOrWhiteSpace(name[..comma]))
        {
            name = name[..comma];
        }

        var words = name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && words[0].EndsWith('.') && Honorifics.Contains(words[0].TrimEnd('.')))
        {
            words.RemoveAt(0);
        }

        var initials = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (i > 0 && (Links.Contains(word) || IsTitle(word)))
            {
                continue;
            }

            if (FirstLetter(word) is { } letter)
            {
                initials.Add(letter.ToUpperInvariant() + ".");
            }
        }

        return initials.Count > 0
            ? string.Join(' ', initials)
            : throw new ArgumentException($"The name '{fullName}' has no letter to take an initial from.", nameof(fullName));
    }

    // An academic title written without a comma: a dot inside the word, as in S.Sos or M.M.
    private static bool IsTitle(string word) => word.TrimEnd('.').Contains('.', StringComparison.Ordinal);

    // The first letter as a text element, so a letter with a combining accent stays whole.
    private static string? FirstLetter(string word)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (char.IsLetter(element, 0))
            {
                return element;
            }
        }

        return null;
    }
}
