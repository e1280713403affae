using IkmaWorkflow.DurableTask.History;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask.Worker;

/// <summary>What one episode of an orchestration produced.</summary>
/// <param name="NewEvents">Events to append to history, in order.</param>
/// <param name="Status">The status after the episode.</param>
/// <param name="Output">The output when completed, as JSON.</param>
/// <param name="Failure">The failure when failed.</param>
/// <param name="CustomStatus">The custom status when the code set one this episode.</param>
/// <param name="CustomStatusChanged">Whether the code set the custom status.</param>
/// <param name="ContinueAsNew">The new input and carried events when the code continued as new.</param>
internal sealed record EpisodeResult(
    IReadOnlyList<HistoryEvent> NewEvents,
    OrchestrationRuntimeStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    bool CustomStatusChanged,
    (string? Input, string[] CarriedEvents)? ContinueAsNew)
{
    /// <summary>Completions that arrived before their step was recorded, to deliver again later.</summary>
    public IReadOnlyList<TaskEvent> EarlyCompletions { get; init; } = [];

    /// <summary>The new steps (activities, timers, sub-orchestrations) to carry out.</summary>
    public IEnumerable<TaskEvent> NewSteps => NewEvents.OfType<TaskEvent>().Where(e => e is TaskScheduled or TimerCreated or SubOrchestrationCreated);
}

/// <summary>
/// Runs one episode: replays the execution's history through the orchestrator code, applies the new events and
/// records what the code does next. Pure: no storage, no clock of its own.
/// </summary>
internal static class OrchestrationExecutor
{
    /// <summary>Runs an episode at <paramref name="now"/>.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="history">The current execution's history, starting with its <see cref="ExecutionStarted"/> unless this is the first episode.</param>
    /// <param name="incoming">New events, deduplicated by the caller; the first episode's include <see cref="ExecutionStarted"/>.</param>
    /// <param name="createOrchestrator">Makes the orchestrator for a name and version, or null when it is not registered.</param>
    /// <param name="loggers">Loggers for replay-safe logging.</param>
    /// <param name="now">The episode's time.</param>
    public static EpisodeResult Run(
        string instanceId,
        IReadOnlyList<HistoryEvent> history,
        IReadOnlyList<HistoryEvent> incoming,
        Func<string, string, ITaskOrchestrator?> createOrchestrator,
        ILoggerFactory loggers,
        DateTime now)
    {
        var newEvents = new List<HistoryEvent> { new OrchestratorStarted(now) };
        var started = history.OfType<ExecutionStarted>().FirstOrDefault() ?? incoming.OfType<ExecutionStarted>().First();

        if (incoming.OfType<ExecutionTerminated>().FirstOrDefault() is { } terminated)
        {
            newEvents.Add(terminated);
            return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Terminated, terminated.Reason, null, null, false, null);
        }

        var suspended = IsSuspended(history.Concat(incoming));
        if (suspended)
        {
            // Events are kept, in order, but the code does not run until the instance resumes.
            newEvents.AddRange(incoming);
            return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Suspended, null, null, null, false, null);
        }

        var orchestrator = createOrchestrator(started.Name, started.Version);
        if (orchestrator is null)
        {
            return Fail(newEvents, incoming, now, new TaskFailureDetails(
                "OrchestratorNotRegistered",
                $"Orchestrator '{started.Name}' version '{started.Version}' is not registered in this app; register it to let the instance continue."));
        }

        var context = new ReplayOrchestrationContext(started, instanceId, loggers);
        try
        {
            context.SetReplaying(history.Count > 0);
            foreach (var e in history)
            {
                ApplyOrStart(context, orchestrator, e);
            }

            context.SetReplaying(false);
            ApplyOrStart(context, orchestrator, newEvents[0]);
            foreach (var e in incoming)
            {
                if (ApplyOrStart(context, orchestrator, e))
                {
                    newEvents.Add(e);
                }
            }
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return Fail(newEvents, incoming, now, TaskFailureDetails.FromException(ex));
        }

        newEvents.AddRange(context.NewSteps());
        var run = context.Run!;
        if (!run.IsCompleted)
        {
            return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Running, null, null, context.CustomStatus, context.CustomStatusChanged, null)
            {
                EarlyCompletions = context.EarlyCompletions,
            };
        }

        if (run.IsCompletedSuccessfully)
        {
            if (context.ContinuedAsNew is { } next)
            {
                newEvents.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, null));
                return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.ContinuedAsNew, next.Input, null, context.CustomStatus, context.CustomStatusChanged, next);
            }

            var output = JsonPayload.Serialize(run.Result);
            newEvents.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Completed, output, null));
            return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Completed, output, null, context.CustomStatus, context.CustomStatusChanged, null);
        }

        var exception = run.Exception?.InnerException ?? new TaskCanceledException("The orchestration was cancelled.");
        var failure = TaskFailureDetails.FromException(exception);
        newEvents.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Failed, null, failure));
        return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Failed, null, failure, context.CustomStatus, context.CustomStatusChanged, null);
    }

    /// <summary>Whether the last suspend/resume event is a suspend.</summary>
    public static bool IsSuspended(IEnumerable<HistoryEvent> events) =>
        events.LastOrDefault(e => e is ExecutionSuspended or ExecutionResumed) is ExecutionSuspended;

    private static bool ApplyOrStart(ReplayOrchestrationContext context, ITaskOrchestrator orchestrator, HistoryEvent e)
    {
        if (e is ExecutionStarted)
        {
            context.Start(orchestrator);
            return true;
        }

        return context.Apply(e);
    }

    private static EpisodeResult Fail(List<HistoryEvent> newEvents, IReadOnlyList<HistoryEvent> incoming, DateTime now, TaskFailureDetails failure)
    {
        newEvents.AddRange(incoming.OfType<ExecutionStarted>());
        newEvents.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Failed, null, failure));
        return new EpisodeResult(newEvents, OrchestrationRuntimeStatus.Failed, null, failure, null, false, null);
    }
}
