using System.Globalization;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Dates and times in Western Indonesia Time (WIB, UTC+7, no daylight saving) as emails show them: Indonesian
/// <c>7 September 2024 10.00 WIB</c>, English <c>7 September 2024, 10:00 WIB</c>.
/// </summary>
/// <remarks>Month names are written out here rather than taken from the id-ID culture, so the text is the same on every
/// machine whatever its ICU data.</remarks>
public static class WibText
{
    /// <summary>The offset of WIB from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    private static readonly string[] IndonesianMonths =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>An instant in Indonesian: <c>7 September 2024 10.00 WIB</c>.</summary>
    public static string Indonesian(DateTimeOffset instant)
    {
        var wib = instant.ToOffset(Offset);
        return string.Create(CultureInfo.InvariantCulture, $"{Indonesian(DateOnly.FromDateTime(wib.DateTime))} {wib:HH'.'mm} WIB");
    }

    /// <summary>An instant in English: <c>7 September 2024, 10:00 WIB</c>.</summary>
    public static string English(DateTimeOffset instant)
    {
        var wib = instant.ToOffset(Offset);
        return string.Create(CultureInfo.InvariantCulture, $"{English(DateOnly.FromDateTime(wib.DateTime))}, {wib:HH':'mm} WIB");
    }

    /// <summary>A calendar date in Indonesian: <c>7 September 2024</c>.</summary>
    public static string Indonesian(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {IndonesianMonths[date.Month - 1]} {date.Year}");

    /// <summary>A calendar date in English: <c>7 September 2024</c>.</summary>
    public static string English(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {EnglishMonths[date.Month - 1]} {date.Year}");
}
