using System.Text.Json.Serialization;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>The timer payload the host passes to a timer-triggered function.</summary>
/// <param name="Schedule">The schedule's flags.</param>
/// <param name="ScheduleStatus">When it last ran and when this occurrence was due; absent when no status is kept.</param>
/// <param name="IsPastDue">Whether this invocation runs later than its occurrence, such as an occurrence missed while the app was down.</param>
public sealed record TimerInfo(
    [property: JsonPropertyName("Schedule")] TimerScheduleInfo Schedule,
    [property: JsonPropertyName("ScheduleStatus")] TimerScheduleStatus? ScheduleStatus,
    [property: JsonPropertyName("IsPastDue")] bool IsPastDue);

/// <summary>The schedule part of <see cref="TimerInfo"/>.</summary>
/// <param name="AdjustForDST">Always true for NCRONTAB schedules, as the host reports it.</param>
public sealed record TimerScheduleInfo([property: JsonPropertyName("AdjustForDST")] bool AdjustForDST);

/// <summary>The persisted status of a timer schedule.</summary>
/// <param name="Last">The occurrence that last ran, in UTC.</param>
/// <param name="Next">The occurrence this invocation is for (while invoking) or the next one due (when stored), in UTC.</param>
/// <param name="LastUpdated">When the status was last written, in UTC.</param>
public sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);
