using System.Text;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// Finds texts that would tell a certificate's reader that its holder was in prison: a word for a correctional
/// facility, or a distinctive word of the facility's own name (UU PDP No. 27/2022: criminal-record data). Programme
/// titles and track names are typed by people and could carry them, so the issuer checks them before printing.
/// </summary>
public static class FacilityMention
{
    // Indonesian and English words for prisons and the corrections system, compared whole and case-insensitively.
    private static readonly HashSet<string> PrisonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "lapas", "lp", "lpp", "lpka", "rutan", "bapas", "pemasyarakatan", "penjara", "tahanan", "narapidana", "napi", "wbp",
        "prison", "prisoner", "prisoners", "inmate", "inmates", "correctional", "detention", "jail",
    };

    // Words of facility names that say nothing about the place on their own.
    private static readonly HashSet<string> GenericWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "kelas", "perempuan", "anak", "negara", "khusus", "lembaga", "rumah", "pembinaan", "i", "ii", "iia", "iib", "iii",
    };

    /// <summary>The first word of <paramref name="text"/> that names a prison or the facility, or <see langword="null"/>.</summary>
    /// <param name="text">A text to be printed.</param>
    /// <param name="facilityName">The facility's name, such as <c>Lapas Kelas I Cipinang</c>, when known.</param>
    public static string? Find(string text, string? facilityName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var facilityWords = Words(facilityName ?? string.Empty).Where(w => w.Length >= 4 && !GenericWords.Contains(w)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Words(text).FirstOrDefault(w => PrisonWords.Contains(w) || facilityWords.Contains(w));
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
