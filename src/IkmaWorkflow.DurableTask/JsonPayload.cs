using System.Text.Json;

namespace IkmaWorkflow.DurableTask;

/// <summary>How inputs, outputs and events are serialized: JSON with web defaults (camelCase).</summary>
internal static class JsonPayload
{
    /// <summary>The serializer options of every payload.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes a payload, or returns null for null.</summary>
    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);
}
