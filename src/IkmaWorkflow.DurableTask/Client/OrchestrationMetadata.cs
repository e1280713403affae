using System.Text.Json;

namespace IkmaWorkflow.DurableTask;

/// <summary>An orchestration instance as a client sees it.</summary>
/// <param name="Name">The orchestrator name.</param>
/// <param name="InstanceId">The instance id.</param>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    /// <summary>The orchestrator version the instance runs.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>The runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the instance last changed (UTC).</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When the instance finished, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The input as JSON, when requested.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output as JSON, when requested.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON, when requested.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed, if it did.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>The parent instance of a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Whether the instance is pending, running or suspended.</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    /// <summary>Whether the instance has finished.</summary>
    public bool IsCompleted => !IsRunning;

    /// <summary>Reads the input as <typeparamref name="T"/>.</summary>
    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    /// <summary>Reads the output as <typeparamref name="T"/>.</summary>
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    /// <summary>Reads the custom status as <typeparamref name="T"/>.</summary>
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, JsonPayload.Options);
}

/// <summary>Options of a new instance.</summary>
/// <param name="InstanceId">The instance id; a new GUID when absent.</param>
/// <param name="StartAt">When to start it; now when absent.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    /// <summary>The orchestrator version to run; the newest registered when absent.</summary>
    public string? Version { get; init; }
}

/// <summary>Options of a termination.</summary>
/// <param name="Output">The output recorded for the terminated instance.</param>
/// <param name="Recursive">Whether running sub-orchestrations are terminated too.</param>
public sealed record TerminateInstanceOptions(object? Output = null, bool Recursive = false);

/// <summary>How many instances a purge removed.</summary>
/// <param name="PurgedInstanceCount">The count.</param>
public sealed record PurgeResult(int PurgedInstanceCount);

/// <summary>Which instances to list.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances in these statuses.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances of this orchestrator.</summary>
    public string? Name { get; init; }

    /// <summary>Instances per page. Default 100, at most 1000.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Where the previous page ended.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Whether to include inputs, outputs and custom status.</summary>
    public bool FetchInputsAndOutputs { get; init; }
}

/// <summary>One page of a query.</summary>
/// <param name="Instances">The instances on the page.</param>
/// <param name="ContinuationToken">The token of the next page, or null on the last.</param>
public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

/// <summary>Which instances to purge.</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created before this time.</param>
/// <param name="Statuses">Only instances in these statuses; default the finished ones.</param>
public sealed record PurgeInstancesFilter(DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>What the runtime holds and has waiting.</summary>
/// <param name="InstancesByStatus">Instances per runtime status.</param>
/// <param name="QueueDepths">Approximate messages waiting per queue, poison queues included.</param>
public sealed record DurableStatistics(IReadOnlyDictionary<OrchestrationRuntimeStatus, int> InstancesByStatus, IReadOnlyDictionary<string, int> QueueDepths);
