using IkmaWorkflow.Programmes.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>
/// Tells a programme's orchestration (instance <c>programme-{id}</c>) that a form changed its stage. If the instance
/// does not exist (a start that failed after the programme was stored), it is started now. A failure here never undoes
/// the form: the daily deadline check's <see cref="OrchestrationRepair"/> starts an instance that is still missing and
/// signals one that has not seen the stored stage, and the orchestration re-reads the stage at its next wake-up anyway,
/// so a lost start or signal only delays it.
/// </summary>
/// <remarks>
/// Not a DI singleton: under Durable Functions the client exists only for a function that binds it with
/// <c>[DurableClient]</c>, so the function makes one per call: <c>new ProgrammeSignals(client, logger)</c>.
/// </remarks>
public sealed partial class ProgrammeSignals(DurableTaskClient client, ILogger<ProgrammeSignals> logger)
{
    /// <summary>The event the orchestration waits for.</summary>
    public const string StageChangedEvent = "StageChanged";

    /// <summary>The orchestration instance id of a programme.</summary>
    public static string InstanceIdOf(string programmeId) => "programme-" + programmeId;

    /// <summary>Starts the programme's orchestration (a no-op when an instance with its id exists, finished or not).</summary>
    public async Task StartAsync(string programmeId, CancellationToken cancellationToken)
    {
        try
        {
            await OrchestrationInstances.StartOnceAsync(client, nameof(ProgrammeOrchestration), ProgrammeProgress.Start(programmeId), InstanceIdOf(programmeId), cancellationToken).ConfigureAwait(false);
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
            var signal = await OrchestrationInstances.RaiseEventAsync(client, InstanceIdOf(programmeId), StageChangedEvent, null, cancellationToken).ConfigureAwait(false);
            if (signal == InstanceSignal.NotFound)
            {
                await StartAsync(programmeId, cancellationToken).ConfigureAwait(false);
            }
            else if (signal == InstanceSignal.Finished)
            {
                // Only FollowUp and Cancelled end the orchestration, and no form moves a programme out of them.
                LogFinished(logger, programmeId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSignalFailed(logger, ex, programmeId);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not start or signal the orchestration of programme {ProgrammeId}; the next deadline check starts or signals it (OrchestrationRepair).")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string programmeId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "The orchestration of programme {ProgrammeId} has finished; a stage change was not signalled.")]
    private static partial void LogFinished(ILogger logger, string programmeId);
}
