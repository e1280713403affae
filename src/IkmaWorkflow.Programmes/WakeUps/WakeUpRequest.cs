namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>
/// What an orchestration asks <see cref="ScheduleWakeUp"/> for: to be woken at <paramref name="At"/>, or
/// <paramref name="After"/> from now on the app's clock; exactly one of the two is given.
/// </summary>
/// <param name="InstanceId">The orchestration instance to wake.</param>
/// <param name="Token">This wait's token, from <c>context.NewGuid()</c>: the wake-up carries it, so one meant for an earlier wait is told apart.</param>
/// <param name="At">A business moment (the day before the training week, a checkpoint's deadline, 90 days before an MoU expires).</param>
/// <param name="After">A duration from now on the app's clock (a reminder interval).</param>
public sealed record WakeUpRequest(string InstanceId, string Token, DateTimeOffset? At = null, TimeSpan? After = null);
