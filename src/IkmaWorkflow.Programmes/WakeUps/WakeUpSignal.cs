namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>The payload of the <see cref="WakeUpWait.EventName"/> event the daily scan raises.</summary>
/// <param name="Token">The token of the wait it ends.</param>
/// <param name="DueAt">When it was due, on the app's clock.</param>
/// <param name="RaisedAt">The app's clock when the scan raised it: what "now" is for the orchestration it wakes.</param>
public sealed record WakeUpSignal(string Token, DateTimeOffset DueAt, DateTimeOffset RaisedAt);
