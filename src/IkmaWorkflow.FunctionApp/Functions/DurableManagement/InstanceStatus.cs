using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.DurableTask.History;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// An instance's status as Durable Functions' HTTP API shows it. Times are ISO 8601 in UTC, each with a <c>…Wib</c>
/// twin in WIB (UTC+7), the time users read. Payloads are the JSON the orchestration stored.
/// </summary>
/// <param name="Name">The orchestrator name.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="RuntimeStatus"><c>Pending</c>, <c>Running</c>, <c>Suspended</c>, <c>Completed</c>, <c>Failed</c>, <c>Terminated</c> or <c>ContinuedAsNew</c>.</param>
/// <param name="Input">The input, or <see langword="null"/> when absent or not asked for.</param>
/// <param name="CustomStatus">The custom status the orchestration set.</param>
/// <param name="Output">The output of a finished instance (the reason, for a terminated one).</param>
/// <param name="CreatedTime">When the instance was created (UTC).</param>
/// <param name="CreatedTimeWib">When the instance was created (WIB).</param>
/// <param name="LastUpdatedTime">When the instance last changed (UTC).</param>
/// <param name="LastUpdatedTimeWib">When the instance last changed (WIB).</param>
/// <param name="FailureDetails">Why a failed instance failed.</param>
public sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    string CreatedTime,
    string CreatedTimeWib,
    string LastUpdatedTime,
    string LastUpdatedTimeWib,
    TaskFailureDetails? FailureDetails)
{
    /// <summary>The current execution's history, oldest first, when asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEventView>? HistoryEvents { get; init; }

    /// <summary>Renders <paramref name="instance"/>, read with its inputs and outputs.</summary>
    public static InstanceStatus From(OrchestrationMetadata instance, bool showInput)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new InstanceStatus(
            instance.Name,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            showInput ? ManagementJson.Parse(instance.SerializedInput) : null,
            ManagementJson.Parse(instance.SerializedCustomStatus),
            ManagementJson.Parse(instance.SerializedOutput),
            ManagementJson.Utc(instance.CreatedAt),
            Wib.Format(instance.CreatedAt),
            ManagementJson.Utc(instance.LastUpdatedAt),
            Wib.Format(instance.LastUpdatedAt),
            instance.FailureDetails);
    }
}

/// <summary>
/// One history event as the status shows it. Episode markers are left out, as Durable Functions does; payloads
/// (<c>input</c>, <c>result</c>) only with <c>showHistoryOutput=true</c>.
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

    /// <summary>The sub-orchestration's instance id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InstanceId { get; init; }

    /// <summary>The input or event payload.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Input { get; init; }

    /// <summary>The task's or execution's result.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Result { get; init; }

    /// <summary>How a task or the execution ended, for <c>ExecutionCompleted</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RuntimeStatus { get; init; }

    /// <summary>Why a task or the execution failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TaskFailureDetails? FailureDetails { get; init; }

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
            var view = new HistoryEventView(e.GetType().Name, ManagementJson.Utc(Utc(e.Timestamp)), Wib.Format(Utc(e.Timestamp)));
            HistoryEventView? shown = e switch
            {
                OrchestratorStarted => null,
                ExecutionStarted started => view with { Name = started.Name, Input = Payload(started.Input, showOutput) },
                TaskScheduled scheduled => view with { Name = Remember(scheduled.TaskId, scheduled.Name), TaskId = scheduled.TaskId, Input = Payload(scheduled.Input, showOutput) },
                TaskCompleted completed => view with { Name = taskNames.GetValueOrDefault(completed.TaskId), TaskId = completed.TaskId, Result = Payload(completed.Result, showOutput) },
                TaskFailed failed => view with { Name = taskNames.GetValueOrDefault(failed.TaskId), TaskId = failed.TaskId, FailureDetails = failed.Failure },
                TimerCreated timer => view with { TaskId = timer.TaskId, FireAt = ManagementJson.Utc(Utc(timer.FireAt)), FireAtWib = Wib.Format(Utc(timer.FireAt)) },
                TimerFired timer => view with { TaskId = timer.TaskId, FireAt = ManagementJson.Utc(Utc(timer.FireAt)), FireAtWib = Wib.Format(Utc(timer.FireAt)) },
                SubOrchestrationCreated created => view with { Name = Remember(created.TaskId, created.Name), TaskId = created.TaskId, InstanceId = created.InstanceId, Input = Payload(created.Input, showOutput) },
                SubOrchestrationCompleted completed => view with { Name = taskNames.GetValueOrDefault(completed.TaskId), TaskId = completed.TaskId, Result = Payload(completed.Result, showOutput) },
                SubOrchestrationFailed failed => view with { Name = taskNames.GetValueOrDefault(failed.TaskId), TaskId = failed.TaskId, FailureDetails = failed.Failure },
                EventRaised raised => view with { Name = raised.Name, Input = Payload(raised.Input, showOutput) },
                ExecutionCompleted completed => view with { RuntimeStatus = completed.Status.ToString(), Result = Payload(completed.Result, showOutput), FailureDetails = completed.Failure },
                ExecutionTerminated terminated => view with { Reason = terminated.Reason },
                ExecutionSuspended suspended => view with { Reason = suspended.Reason },
                ExecutionResumed resumed => view with { Reason = resumed.Reason },
                _ => view,
            };
            if (shown is not null)
            {
                views.Add(shown);
            }
        }

        return views;

        string Remember(int taskId, string name)
        {
            taskNames[taskId] = name;
            return name;
        }
    }

    private static JsonElement? Payload(string? json, bool show) => show ? ManagementJson.Parse(json) : null;

    // History is stored as JSON of UTC DateTimes; a value read back without a kind is UTC all the same.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));
}

/// <summary>How the management API writes stored payloads and times.</summary>
internal static class ManagementJson
{
    /// <summary>
    /// Parses a stored payload. Text that is not JSON (a reference to a payload moved to a blob, which history keeps
    /// as it is) is returned as a JSON string rather than dropped.
    /// </summary>
    public static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    /// <summary>Formats an instant as ISO 8601 UTC, such as <c>2024-09-07T03:00:00.1234567Z</c> (trailing zeros of the fraction dropped).</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
