using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>
/// Long waits for orchestrations, on the app's clock: schedule a wake-up through the <see cref="ScheduleWakeUp"/>
/// activity, then wait for the <see cref="EventName"/> event that the daily scan raises, together with the events
/// the orchestration waits for anyway (docs/time-and-deadlines.md).
/// </summary>
/// <remarks>
/// Replay-safe: the token comes from <c>context.NewGuid()</c>, times only from activity results and event payloads.
/// No durable timer is created: <c>context.CurrentUtcDateTime</c> and timers run on real time, which a demo clock
/// standing in 2023 would never reach.
/// </remarks>
public static class WakeUpWait
{
    /// <summary>The event the daily scan raises, with a <see cref="WakeUpSignal"/>.</summary>
    public const string EventName = "WakeUp";

    /// <summary>Schedules a wake-up at the business moment <paramref name="at"/>.</summary>
    public static Task<WakeUpTicket> ScheduleAtAsync(TaskOrchestrationContext context, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<WakeUpTicket>(nameof(ScheduleWakeUp), new WakeUpRequest(context.InstanceId, NewToken(context), At: at));
    }

    /// <summary>Schedules a wake-up <paramref name="after"/> from now on the app's clock.</summary>
    public static Task<WakeUpTicket> ScheduleAfterAsync(TaskOrchestrationContext context, TimeSpan after)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<WakeUpTicket>(nameof(ScheduleWakeUp), new WakeUpRequest(context.InstanceId, NewToken(context), After: after));
    }

    /// <summary>
    /// Waits until <paramref name="ticket"/>'s wake-up arrives, or one of <paramref name="events"/> completes first.
    /// A wake-up carrying another token (one for an earlier wait, raised late or twice) is ignored.
    /// </summary>
    /// <returns>The wake-up; <see langword="null"/> when one of <paramref name="events"/> came first (or had come already).</returns>
    public static async Task<WakeUpSignal?> WaitAsync(TaskOrchestrationContext context, WakeUpTicket ticket, params Task[] events)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(events);
        if (ticket.AlreadyDue)
        {
            return events.Any(e => e.IsCompleted) ? null : new WakeUpSignal(ticket.Token, ticket.DueAt, ticket.ScheduledAt);
        }

        while (true)
        {
            var wakeUp = context.WaitForExternalEvent<WakeUpSignal>(EventName);
            if (await Task.WhenAny([wakeUp, .. events]) != wakeUp)
            {
                return null;
            }

            var signal = await wakeUp;
            if (signal.Token == ticket.Token)
            {
                return signal;
            }

            var logger = context.CreateReplaySafeLogger(typeof(WakeUpWait).FullName!);
            WakeUpLog.StaleIgnored(logger, context.InstanceId, signal.Token, ticket.Token);
        }
    }

    /// <summary>The later of the scan's time and the moment waited for: a wake-up means its moment has come, even when the scan ran early that day.</summary>
    public static DateTimeOffset Reached(WakeUpSignal signal, DateTimeOffset moment)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.RaisedAt >= moment ? signal.RaisedAt : moment;
    }

    private static string NewToken(TaskOrchestrationContext context) => context.NewGuid().ToString("N");
}
