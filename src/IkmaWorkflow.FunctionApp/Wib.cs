using System.Globalization;

namespace IkmaWorkflow.FunctionApp;

/// <summary>Western Indonesia Time (UTC+7, no daylight saving), the time users read.</summary>
public static class Wib
{
    /// <summary>The offset of WIB from UTC.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>Formats an instant as ISO 8601 in WIB, such as <c>2024-09-07T10:00:00+07:00</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
