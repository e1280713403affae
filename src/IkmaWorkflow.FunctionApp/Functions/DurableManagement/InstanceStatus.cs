using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;

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
    FailureView? FailureDetails)
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
            FailureView.From(instance.FailureDetails));
    }
}
