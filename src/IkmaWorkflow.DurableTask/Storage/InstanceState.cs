using Azure;
using Azure.Data.Tables;

namespace IkmaWorkflow.DurableTask.Storage;

/// <summary>
/// The row that holds an instance's state (partition = instance id, row key <c>!</c>). It shares its partition with
/// the history rows, so the state and new history commit in one ETag-guarded transaction.
/// </summary>
internal sealed class InstanceState
{
    /// <summary>The row key of the state row; sorts before every history row.</summary>
    public const string RowKey = "!";

    public required string InstanceId { get; init; }

    public required string Name { get; set; }

    public required string Version { get; set; }

    public required string ExecutionId { get; set; }

    public OrchestrationRuntimeStatus Status { get; set; }

    public string? Input { get; set; }

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public string? CustomStatus { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? ScheduledStartAt { get; set; }

    public string? ParentInstanceId { get; set; }

    public string? ParentExecutionId { get; set; }

    public int? ParentTaskId { get; set; }

    /// <summary>History rows of the current execution written so far.</summary>
    public int HistoryRows { get; set; }

    /// <summary>Events carried into the current execution by ContinueAsNew (JSON strings).</summary>
    public string[] CarriedEvents { get; set; } = [];

    /// <summary>Ids of client events applied in earlier executions, so a late duplicate is still recognised.</summary>
    public string[] RecentEventIds { get; set; } = [];

    /// <summary>
    /// Ids of the guard messages that cover activities running in the process that scheduled them. A process adds
    /// its guard in the commit that records the activities and removes it in the commit that records their last
    /// result; a recovery removes the guard it handled, which also fences the process that owned it.
    /// </summary>
    public string[] LocalGuards { get; set; } = [];

    /// <summary>The ETag the row was read with; null for a row not stored yet.</summary>
    public ETag? ETag { get; set; }

    /// <summary>Whether the instance has finished.</summary>
    public bool IsFinished => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Writes the state to a table entity; payload properties must already be offloaded when large.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(InstanceId, RowKey)
        {
            ["Name"] = Name,
            ["Version"] = Version,
            ["ExecutionId"] = ExecutionId,
            ["Status"] = Status.ToString(),
            ["Input"] = Input,
            ["Output"] = Output,
            ["Failure"] = Failure is null ? null : System.Text.Json.JsonSerializer.Serialize(Failure, JsonPayload.Options),
            ["CustomStatus"] = CustomStatus,
            ["CreatedAt"] = CreatedAt,
            ["LastUpdatedAt"] = LastUpdatedAt,
            ["CompletedAt"] = CompletedAt,
            ["ScheduledStartAt"] = ScheduledStartAt,
            ["ParentInstanceId"] = ParentInstanceId,
            ["ParentExecutionId"] = ParentExecutionId,
            ["ParentTaskId"] = ParentTaskId,
            ["HistoryRows"] = HistoryRows,
            ["CarriedEvents"] = System.Text.Json.JsonSerializer.Serialize(CarriedEvents, JsonPayload.Options),
            ["RecentEventIds"] = string.Join('\n', RecentEventIds),
            ["LocalGuards"] = string.Join('\n', LocalGuards),
        };
        return entity;
    }

    /// <summary>Reads the state from its table entity.</summary>
    public static InstanceState FromEntity(TableEntity entity) => new()
    {
        InstanceId = entity.PartitionKey,
        Name = entity.GetString("Name"),
        Version = entity.GetString("Version") ?? string.Empty,
        ExecutionId = entity.GetString("ExecutionId"),
        Status = Enum.Parse<OrchestrationRuntimeStatus>(entity.GetString("Status")),
        Input = entity.GetString("Input"),
        Output = entity.GetString("Output"),
        Failure = entity.GetString("Failure") is { } failure ? System.Text.Json.JsonSerializer.Deserialize<TaskFailureDetails>(failure, JsonPayload.Options) : null,
        CustomStatus = entity.GetString("CustomStatus"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        LastUpdatedAt = entity.GetDateTimeOffset("LastUpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        ScheduledStartAt = entity.GetDateTimeOffset("ScheduledStartAt"),
        ParentInstanceId = entity.GetString("ParentInstanceId"),
        ParentExecutionId = entity.GetString("ParentExecutionId"),
        ParentTaskId = entity.GetInt32("ParentTaskId"),
        HistoryRows = entity.GetInt32("HistoryRows") ?? 0,
        CarriedEvents = entity.GetString("CarriedEvents") is { } carried ? System.Text.Json.JsonSerializer.Deserialize<string[]>(carried, JsonPayload.Options) ?? [] : [],
        RecentEventIds = entity.GetString("RecentEventIds") is { Length: > 0 } ids ? ids.Split('\n') : [],
        LocalGuards = entity.GetString("LocalGuards") is { Length: > 0 } guards ? guards.Split('\n') : [],
        ETag = entity.ETag,
    };
}
