using System.Globalization;
using System.Text.RegularExpressions;

namespace IkmaWorkflow.Programmes.Letters;

/// <summary>
/// What could be read from an official letter number such as <c>B-535/IKMA.3/IND/VII/2024</c>: classification
/// (<c>B</c>, ordinary), serial in the year, issuing unit, ministry code, month (Roman numerals) and year. Agencies
/// number differently, so every part is optional and a number is never rejected for its format: the raw string is
/// what is kept, and <see cref="Unread"/> lists the segments that did not fit.
/// </summary>
/// <param name="Raw">The number as written on the letter.</param>
/// <param name="Classification">The leading letter code (<c>B</c> biasa/ordinary, <c>R</c> rahasia/confidential, ...).</param>
/// <param name="Serial">The serial number in the year.</param>
/// <param name="Unit">The issuing unit, such as <c>IKMA.3</c>.</param>
/// <param name="MinistryCode">The ministry code, such as <c>IND</c>.</param>
/// <param name="Month">The month, 1 to 12.</param>
/// <param name="Year">The year.</param>
/// <param name="Unread">Segments that could not be placed.</param>
public sealed partial record LetterNumber(string Raw, string? Classification, int? Serial, string? Unit, string? MinistryCode, int? Month, int? Year, IReadOnlyList<string> Unread)
{
    private static readonly string[] RomanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

    /// <summary>Whether every segment was placed.</summary>
    public bool FullyRead => Unread.Count == 0;

    /// <summary>Reads what it can of <paramref name="raw"/>.</summary>
    public static LetterNumber Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var segments = raw.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        string? classification = null;
        int? serial = null, month = null, year = null;

        if (segments.Count > 0 && Head().Match(segments[0]) is { Success: true } head)
        {
            classification = head.Groups["class"].Success ? head.Groups["class"].Value.ToUpperInvariant() : null;
            serial = int.TryParse(head.Groups["serial"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            segments.RemoveAt(0);
        }

        if (segments.Count > 0 && int.TryParse(segments[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1945 and <= 2200)
        {
            year = y;
            segments.RemoveAt(segments.Count - 1);
        }

        if (year is not null && segments.Count > 0 && MonthOf(segments[^1]) is { } m)
        {
            month = m;
            segments.RemoveAt(segments.Count - 1);
        }

        string? unit = null, ministry = null;
        if (serial is not null && segments.Count > 0)
        {
            unit = segments[0];
            segments.RemoveAt(0);
            if (segments.Count > 0)
            {
                ministry = segments[0];
                segments.RemoveAt(0);
            }
        }

        return new LetterNumber(raw, classification, serial, unit, ministry, month, year, segments);
    }

    private static int? MonthOf(string segment)
    {
        var index = Array.IndexOf(RomanMonths, segment.ToUpperInvariant());
        if (index >= 0)
        {
            return index + 1;
        }

        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 12 ? number : null;
    }

    [GeneratedRegex(@"^(?:(?<class>[A-Za-z]{1,3})[-.])?(?<serial>\d{1,6})$")]
    private static partial Regex Head();
}
