using System.Text.Json.Nodes;

namespace IkmaWorkflow.CustomHandler.Metadata;

/// <summary>One entry of a <c>function.json</c> <c>bindings</c> array, with app-setting references resolved.</summary>
/// <param name="Name">The binding name: the key of its value in an invocation's <c>Data</c> or <c>Outputs</c>.</param>
/// <param name="Type">The binding type, such as <c>queueTrigger</c>, <c>timerTrigger</c>, <c>httpTrigger</c> or <c>http</c>.</param>
/// <param name="Direction"><c>in</c> or <c>out</c>.</param>
/// <param name="Properties">Every property of the binding as written, after <c>%setting%</c> resolution.</param>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonObject Properties)
{
    /// <summary>Whether this binding triggers the function.</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a string property, or <see langword="null"/> when it is absent.</summary>
    public string? GetString(string property) =>
        Properties.TryGetPropertyValue(property, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    /// <summary>Reads a boolean property, or <paramref name="defaultValue"/> when it is absent.</summary>
    public bool GetBoolean(string property, bool defaultValue) =>
        Properties.TryGetPropertyValue(property, out var node) && node is JsonValue value && value.TryGetValue<bool>(out var flag)
            ? flag
            : defaultValue;
}
