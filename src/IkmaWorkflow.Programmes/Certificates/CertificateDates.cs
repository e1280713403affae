using System.Globalization;

namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>Dates as certificates write them, in Indonesian and in English: <c>17–22 Juli 2023</c>.</summary>
/// <remarks>
/// Month names are fixed here rather than taken from the machine's culture data, so a certificate reads the same on
/// every machine and with invariant globalization. Ranges repeat only what changes: <c>17–22 Juli 2023</c>,
/// <c>29 Juli – 2 Agustus 2024</c>, <c>30 Desember 2024 – 3 Januari 2025</c>. The en dash stands closed between
/// numbers and spaced between dates that have spaces in them.
/// </remarks>
public static class CertificateDates
{
    private static readonly string[] IndonesianMonths =
    [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ];

    private static readonly string[] EnglishMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    /// <summary>A date in Indonesian: <c>7 September 2024</c>.</summary>
    /// <param name="date">The date.</param>
    public static string Indonesian(DateOnly date) => Format(date, IndonesianMonths);

    /// <summary>A date in English: <c>7 September 2024</c>.</summary>
    /// <param name="date">The date.</param>
    public static string English(DateOnly date) => Format(date, EnglishMonths);

    /// <summary>A range of dates in Indonesian: <c>17–22 Juli 2023</c>; one date if both are the same day.</summary>
    /// <param name="start">The first day.</param>
    /// <param name="end">The last day, not before <paramref name="start"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static string IndonesianRange(DateOnly start, DateOnly end) => FormatRange(start, end, IndonesianMonths);

    /// <summary>A range of dates in English: <c>17–22 July 2023</c>; one date if both are the same day.</summary>
    /// <param name="start">The first day.</param>
    /// <param name="end">The last day, not before <paramref name="start"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static string EnglishRange(DateOnly start, DateOnly end) => FormatRange(start, end, EnglishMonths);

    private static string Format(DateOnly date, string[] months) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {months[date.Month - 1]} {date.Year}");

    private static string FormatRange(DateOnly start, DateOnly end, string[] months)
    {
        if (end < start)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The end date {end:yyyy-MM-dd} is before the start date {start:yyyy-MM-dd}."),
                nameof(end));
        }

        if (start == end)
        {
            return Format(start, months);
        }

        if (start.Year != end.Year)
        {
            return $"{Format(start, months)} \u2013 {Format(end, months)}";
        }

        if (start.Month != end.Month)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{start.Day} {months[start.Month - 1]} \u2013 {end.Day} {months[end.Month - 1]} {end.Year}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{start.Day}\u2013{end.Day} {months[end.Month - 1]} {end.Year}");
    }
}
