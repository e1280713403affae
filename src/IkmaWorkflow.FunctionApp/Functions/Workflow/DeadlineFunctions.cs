using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Workflow;

/// <summary>
/// The daily deadline check: business deadlines (reminders, escalations, the training calendar, follow-up and MoU
/// dates) are stored as data and checked here against the app's clock, which wakes the orchestrations waiting for
/// them (docs/time-and-deadlines.md). Durable timers serve only short waits.
/// </summary>
public sealed class DeadlineFunctions(WakeUpScanner scanner, IServiceProvider services)
{
    /// <summary>The app setting holding the check's schedule (six-field NCRONTAB, UTC).</summary>
    public const string DeadlineScheduleSetting = "DeadlineSchedule";

    /// <summary>08:00 WIB daily.</summary>
    public const string DefaultDeadlineSchedule = "0 0 1 * * *";

    /// <summary>Daily (<c>%DeadlineSchedule%</c>, UTC): raises a wake-up at every orchestration whose deadline has come on the app's clock.</summary>
    [Function("DeadlineCheck")]
    public Task CheckDeadlinesAsync([TimerTrigger("%DeadlineSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        scanner.RunAsync(client, cancellationToken);

    /// <summary>Stores an orchestration's next deadline on the app's clock; the check above wakes it when the day comes.</summary>
    [Function(nameof(ScheduleWakeUp))]
    public Task<WakeUpTicket> ScheduleWakeUpAsync([ActivityTrigger] WakeUpRequest request, CancellationToken cancellationToken) =>
        services.GetRequiredService<ScheduleWakeUp>().RunAsync(request, cancellationToken);
}
