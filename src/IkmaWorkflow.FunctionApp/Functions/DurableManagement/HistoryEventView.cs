using System.Text.Json;
using System.Text.Json.Serialization;
using DurableTask.Core.History;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// One history event as the status shows it. Episode markers (<c>OrchestratorStarted</c>,
/// <c>OrchestratorCompleted</c>) are left out, as Durable Functions does; payloads (<c>input</c>, <c>result</c>) only
/// with <c>showHistoryOutput=true</c>.
/// </summary>
/// <param name="EventType">The event's kind, such as <c>TaskScheduled</c> or <c>EventRaised</c>.</param>
/// <param name="Timestamp">When it was recorded (UTC).</param>
/// <param name="TimestampWib">When it was recorded (WIB).</param>
public sealed record HistoryEventView(string EventType, string Timestamp, string TimestampWib)
{
    /// <summary>The orchestrator, activity, sub-orchestrator or event the entry is about.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>The step's sequence number, linking a task's scheduling to its outcome.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TaskId { get; init; }

    /// <summary>The sub-orchestration's instance id, or the instance an event was sent to.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstanceId { get; init; }

    /// <summary>The input or event payload.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Input { get; init; }

    /// <summary>The task's or execution's result.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Result { get; init; }

    /// <summary>How the execution ended, for <c>ExecutionCompleted</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RuntimeStatus { get; init; }

    /// <summary>Why a task or the execution failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FailureView? FailureDetails { get; init; }

    /// <summary>When a timer fires (UTC).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FireAt { get; init; }

    /// <summary>When a timer fires (WIB).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FireAtWib { get; init; }

    /// <summary>The reason given for a termination, suspension or resumption.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>Renders <paramref name="history"/>, naming each task's outcome after the task it belongs to.</summary>
    public static IReadOnlyList<HistoryEventView> From(IReadOnlyList<HistoryEvent> history, bool showOutput)
    {
        ArgumentNullException.ThrowIfNull(history);
        var taskNames = new Dictionary<int, string>();
        var views = new List<HistoryEventView>(history.Count);
        foreach (var e in history)
        {
            var at = ManagementJson.Utc(e.Timestamp);
            var view = new HistoryEventView(e.EventType.ToString(), ManagementJson.Utc(at), Wib.Format(at));
            HistoryEventView? shown = e switch
            {
                OrchestratorStartedEvent or OrchestratorCompletedEvent => null,
                ExecutionStartedEvent started => view with { Name = started.Name, Input = Payload(started.Input, showOutput) },
                TaskScheduledEvent scheduled => view with { Name = Remember(scheduled.EventId, scheduled.Name), TaskId = scheduled.EventId, Input = Payload(scheduled.Input, showOutput) },
                TaskCompletedEvent completed => view with { Name = taskNames.GetValueOrDefault(completed.TaskScheduledId), TaskId = completed.TaskScheduledId, Result = Payload(completed.Result, showOutput) },
                TaskFailedEvent failed => view with { Name = taskNames.GetValueOrDefault(failed.TaskScheduledId), TaskId = failed.TaskScheduledId, FailureDetails = Failure(failed.FailureDetails, failed.Reason, failed.Details) },
                TimerCreatedEvent timer => view with { TaskId = timer.EventId, FireAt = ManagementJson.Utc(ManagementJson.Utc(timer.FireAt)), FireAtWib = Wib.Format(ManagementJson.Utc(timer.FireAt)) },
                TimerFiredEvent timer => view with { TaskId = timer.TimerId, FireAt = ManagementJson.Utc(ManagementJson.Utc(timer.FireAt)), FireAtWib = Wib.Format(ManagementJson.Utc(timer.FireAt)) },
                SubOrchestrationInstanceCreatedEvent created => view with { EventType = "SubOrchestrationCreated", Name = Remember(created.EventId, created.Name), TaskId = created.EventId, InstanceId = created.InstanceId, Input = Payload(created.Input, showOutput) },
                SubOrchestrationInstanceCompletedEvent completed => view with { EventType = "SubOrchestrationCompleted", Name = taskNames.GetValueOrDefault(completed.TaskScheduledId), TaskId = completed.TaskScheduledId, Result = Payload(completed.Result, showOutput) },
                SubOrchestrationInstanceFailedEvent failed => view with { EventType = "SubOrchestrationFailed", Name = taskNames.GetValueOrDefault(failed.TaskScheduledId), TaskId = failed.TaskScheduledId, FailureDetails = Failure(failed.FailureDetails, failed.Reason, failed.Details) },
                EventRaisedEvent raised => view with { Name = raised.Name, Input = Payload(raised.Input, showOutput) },
                EventSentEvent sent => view with { Name = sent.Name, InstanceId = sent.InstanceId, Input = Payload(sent.Input, showOutput) },
                ContinueAsNewEvent continued => view with { Result = Payload(continued.Result, showOutput) },
                ExecutionCompletedEvent completed => view with { RuntimeStatus = completed.OrchestrationStatus.ToString(), Result = Payload(completed.Result, showOutput), FailureDetails = FailureView.From(completed.FailureDetails) },
                ExecutionTerminatedEvent terminated => view with { Reason = ManagementJson.Text(terminated.Input) },
                ExecutionSuspendedEvent suspended => view with { Reason = suspended.Reason },
                ExecutionResumedEvent resumed => view with { Reason = resumed.Reason },
                _ => view,
            };
            if (shown is not null)
            {
                views.Add(shown);
            }
        }

        return views;

        string? Remember(int taskId, string? name)
        {
            if (name is not null)
            {
                taskNames[taskId] = name;
            }

            return name;
        }
    }

    private static JsonElement? Payload(string? json, bool show) => show ? ManagementJson.Parse(json) : null;

    // A failure recorded before failure details existed keeps only its reason and details.
    private static FailureView? Failure(DurableTask.Core.FailureDetails? details, string? reason, string? text) =>
        FailureView.From(details) ?? (reason is null ? null : new FailureView("unknown", reason, text, null));
}
