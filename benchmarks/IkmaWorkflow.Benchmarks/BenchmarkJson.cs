using System.Text.Json;
using System.Text.Json.Serialization;

namespace IkmaWorkflow.Benchmarks;

/// <summary>The JSON settings of the result lines and the worker statistics.</summary>
internal static class BenchmarkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One result line: the object as compact JSON.</summary>
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);
}
