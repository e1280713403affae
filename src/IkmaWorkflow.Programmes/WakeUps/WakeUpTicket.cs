using System.Text.Json.Serialization;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>A wake-up as <see cref="ScheduleWakeUp"/> stored it, and the app's clock when it did.</summary>
/// <param name="Token">The wait's token.</param>
/// <param name="DueAt">When it is due, on the app's clock.</param>
/// <param name="ScheduledAt">The app's clock when it was scheduled: the orchestration's only reading of "now".</param>
public sealed record WakeUpTicket(string Token, DateTimeOffset DueAt, DateTimeOffset ScheduledAt)
{
    /// <summary>Whether it was due already when scheduled; then nothing was stored and the orchestration goes on at once.</summary>
    [JsonIgnore]
    public bool AlreadyDue => DueAt <= ScheduledAt;
}
