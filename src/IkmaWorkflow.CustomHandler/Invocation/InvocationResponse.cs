using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>The JSON body a custom handler answers an invocation with.</summary>
public sealed class InvocationResponse
{
    /// <summary>Output binding values by binding name.</summary>
    [JsonPropertyName("Outputs")]
    public Dictionary<string, JsonNode?> Outputs { get; init; } = [];

    /// <summary>Lines the host writes to the invocation's log.</summary>
    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    /// <summary>The value of a <c>$return</c> binding, if any.</summary>
    [JsonPropertyName("ReturnValue")]
    public JsonNode? ReturnValue { get; set; }
}
