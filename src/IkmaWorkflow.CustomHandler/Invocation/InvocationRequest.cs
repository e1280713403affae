using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>
/// The body the Functions host posts to <c>/{FunctionName}</c> for a non-HTTP trigger: input values by binding name,
/// and the trigger's metadata.
/// </summary>
public sealed class InvocationRequest
{
    /// <summary>Input values by binding name. A string value arrives JSON-encoded a second time (<c>"\"hello\""</c>).</summary>
    [JsonPropertyName("Data")]
    public JsonObject Data { get; init; } = [];

    /// <summary>Trigger metadata. Scalar values arrive as JSON text in a string (<c>"DequeueCount": "1"</c>).</summary>
    [JsonPropertyName("Metadata")]
    public JsonObject Metadata { get; init; } = [];
}
