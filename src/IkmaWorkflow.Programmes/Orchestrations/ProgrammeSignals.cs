using IkmaWorkflow.DurableTask;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>
/// Tells a programme's orchestration (instance <c>programme-{id}</c>) that a form changed its stage. If the instance
/// does not exist (a start that failed after the programme was stored), it is started now, so every programme ends
/// up with its orchestration. A failure here never undoes the form: the orchestration re-reads the stage on its
/// reminder schedule, so a lost signal only delays it.
/// </summary>
public sealed partial class ProgrammeSignals(DurableTaskClient client, ILogger<ProgrammeSignals> logger)
{
    /// <summary>The event the orchestration waits for.</summary>
    public const string StageChangedEvent = "StageChanged";

    /// <summary>The orchestration instance id of a programme.</summary>
    public static string InstanceIdOf(string programmeId) => "programme-" + programmeId;

    /// <summary>Starts the programme's orchestration (a no-op when it exists).</summary>
    public async Task StartAsync(string programmeId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ProgrammeOrchestration), new ProgrammeProgress(programmeId), new StartOrchestrationOptions(InstanceIdOf(programmeId)), cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationInstanceException ex) when (ex.Problem == InstanceProblem.AlreadyExists)
        {
            // Started before: nothing to do.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSignalFailed(logger, ex, programmeId);
        }
    }

    /// <summary>Signals a stage change, starting the orchestration when it is missing.</summary>
    public async Task StageChangedAsync(string programmeId, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(InstanceIdOf(programmeId), StageChangedEvent, null, cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationInstanceException ex) when (ex.Problem == InstanceProblem.NotFound)
        {
            await StartAsync(programmeId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSignalFailed(logger, ex, programmeId);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not signal the orchestration of programme {ProgrammeId}; it picks the change up at its next reminder.")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string programmeId);
}
