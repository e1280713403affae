using Cronos;

namespace IkmaWorkflow.Standalone.Timers;

/// <summary>
/// A timer trigger's six-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>),
/// evaluated in UTC as the host does on Linux Consumption and Flex Consumption plans, where
/// <c>WEBSITE_TIME_ZONE</c> is not supported: 08:00 WIB is <c>0 0 1 * * *</c>.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CronExpression _expression;

    private TimerSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses a six-field NCRONTAB expression.</summary>
    /// <exception cref="FormatException">The expression is not a valid six-field schedule; the message says why.</exception>
    public static TimerSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"\"{text}\" has {fields.Length} fields; a timer schedule has six: second minute hour day month day-of-week, such as \"0 0 1 * * *\" for 01:00 UTC (08:00 WIB) daily.");
        }

        try
        {
            return new TimerSchedule(text, CronExpression.Parse(text, CronFormat.IncludeSeconds));
        }
        catch (CronFormatException ex)
        {
            throw new FormatException($"\"{text}\" is not a valid NCRONTAB schedule: {ex.Message}", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.ToUniversalTime(), TimeZoneInfo.Utc)
        ?? throw new InvalidOperationException($"The schedule \"{Text}\" has no occurrence after {after:O}.");

    /// <summary>
    /// Whether the host keeps a schedule status for this timer when <c>UseMonitor</c> is not set: for schedules whose
    /// occurrences are at least a minute apart.
    /// </summary>
    public bool MonitorByDefault(DateTimeOffset now)
    {
        var first = NextAfter(now);
        return NextAfter(first) - first >= TimeSpan.FromMinutes(1);
    }
}
