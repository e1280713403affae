namespace IkmaWorkflow.DemoData;

/// <summary>
/// Obviously fictional participant and staff names, the same on every run: a common given name followed by the name
/// of a batik motif (Kawung, Parang, Truntum...), which nobody carries as a family name. Never real people.
/// </summary>
public static class FictionalNames
{
    /// <summary>Women's given names.</summary>
    public static readonly IReadOnlyList<string> Women = ["Sari", "Dewi", "Wulan", "Ayu", "Rina", "Tuti", "Lestari", "Indah", "Yanti", "Ratna", "Fitri", "Nur", "Intan", "Mega", "Putri"];

    /// <summary>Men's given names.</summary>
    public static readonly IReadOnlyList<string> Men = ["Bima", "Agus", "Dimas", "Eko", "Fajar", "Gilang", "Hadi", "Joko", "Rudi", "Slamet", "Teguh", "Wahyu", "Yoga"];

    /// <summary>Batik motifs, used as the invented family names.</summary>
    public static readonly IReadOnlyList<string> Motifs = ["Kawung", "Parang", "Truntum", "Sekarjagad", "Megamendung", "Sidomukti", "Lereng", "Ceplok", "Tambal", "Nitik", "Sogan", "Gringsing", "Jlamprang"];

    /// <summary>
    /// <paramref name="count"/> distinct names from <paramref name="givenNames"/> and the motifs; <paramref name="seed"/>
    /// picks where the lists start, so two cases get different people.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More names are asked for than the lists can make distinct.</exception>
    public static IReadOnlyList<string> Generate(int count, int seed, IReadOnlyList<string> givenNames)
    {
        ArgumentNullException.ThrowIfNull(givenNames);
        var g = givenNames.Count;
        var m = Motifs.Count;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, g * m);
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            // The given name cycles; each round through the given names shifts the motif by two more, which keeps every
            // (given name, motif) pair distinct while the motif count (13) is prime and rounds stay below it.
            var given = givenNames[(seed + i) % g];
            var motif = Motifs[(seed + i + (2 * (i / g))) % m];
            names.Add($"{given} {motif}");
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The lists cannot make that many distinct names.");
        }

        return names;
    }

    /// <summary>An example.org address for <paramref name="name"/> at <paramref name="organisationId"/>.</summary>
    public static string Email(string name, string organisationId)
    {
        ArgumentNullException.ThrowIfNull(name);
        return $"{name.ToLowerInvariant().Replace(' ', '.')}@{organisationId}.example.org";
    }
}
