using System.Text.Json.Serialization;

namespace IkmaWorkflow.Standalone.Timers;

/// <summary>The persisted status of a timer schedule, in the host's status blob format.</summary>
/// <param name="Last">The occurrence that last ran, in UTC.</param>
/// <param name="Next">The occurrence this invocation is for (while invoking) or the next one due (when stored), in UTC.</param>
/// <param name="LastUpdated">When the status was last written, in UTC.</param>
internal sealed record TimerScheduleStatus(
    [property: JsonPropertyName("Last")] DateTimeOffset Last,
    [property: JsonPropertyName("Next")] DateTimeOffset Next,
    [property: JsonPropertyName("LastUpdated")] DateTimeOffset LastUpdated);
