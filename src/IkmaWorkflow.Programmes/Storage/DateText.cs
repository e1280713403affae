using System.Globalization;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>
/// Calendar dates and months as stored: <c>yyyy-MM-dd</c> and <c>yyyy-MM</c> text, which sorts, compares and
/// reads the same everywhere and never shifts with a time zone.
/// </summary>
public static class DateText
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public static string Of(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>yyyy-MM</c>.</summary>
    public static string MonthOf(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>yyyy-MM</c> as the month's first day.</summary>
    public static DateOnly ParseMonth(string text) => DateOnly.ParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Today in WIB (UTC+7), the date users mean.</summary>
    public static DateOnly TodayInWib(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
    }
}
