using System.Runtime.ExceptionServices;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Workflow;

/// <summary>
/// The daily deadline check: business deadlines (reminders, escalations, the training calendar, follow-up and MoU
/// dates) are stored as data and checked here against the app's clock, which wakes the orchestrations waiting for
/// them (docs/time-and-deadlines.md); then every record that should have an orchestration is checked for one and
/// repaired (docs/programme-workflow.md). Durable timers serve only short waits.
/// </summary>
public sealed class DeadlineFunctions(WakeUpScanner scanner, OrchestrationRepair repair, IServiceProvider services)
{
    /// <summary>The app setting holding the check's schedule (six-field NCRONTAB, UTC).</summary>
    public const string DeadlineScheduleSetting = "DeadlineSchedule";

    /// <summary>08:00 WIB daily.</summary>
    public const string DefaultDeadlineSchedule = "0 0 1 * * *";

    /// <summary>
    /// Daily (<c>%DeadlineSchedule%</c>, UTC): raises a wake-up at every orchestration whose deadline has come on the
    /// app's clock, then starts, restarts or signals the orchestrations that are missing, failed or behind
    /// (<see cref="OrchestrationRepair"/>). The repair runs even when some wake-ups failed; the invocation then fails.
    /// </summary>
    [Function("DeadlineCheck")]
    public async Task CheckDeadlinesAsync([TimerTrigger("%DeadlineSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        Exception? scanFailure = null;
        try
        {
            await scanner.RunAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Logged by the scanner, row by row; thrown below once the repair has run too.
            scanFailure = ex;
        }

        try
        {
            await repair.RunAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && scanFailure is not null)
        {
            throw new AggregateException(scanFailure, ex);
        }

        if (scanFailure is not null)
        {
            ExceptionDispatchInfo.Throw(scanFailure);
        }
    }

    /// <summary>Stores an orchestration's next deadline on the app's clock; the check above wakes it when the day comes.</summary>
    [Function(nameof(ScheduleWakeUp))]
    public Task<WakeUpTicket> ScheduleWakeUpAsync([ActivityTrigger] WakeUpRequest request, CancellationToken cancellationToken) =>
        services.GetRequiredService<ScheduleWakeUp>().RunAsync(request, cancellationToken);
}
