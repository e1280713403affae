using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.CustomHandler.Metadata;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>
/// Builds invocation requests the way the Functions host does, so a function sees the same payload in standalone
/// mode as under the host: string values JSON-encoded again, scalar metadata as strings, objects as objects.
/// </summary>
public static class InvocationRequests
{
    /// <summary>The request for a queue message whose decoded text is <paramref name="text"/>.</summary>
    public static InvocationRequest ForQueueMessage(
        FunctionMetadata function,
        string text,
        string messageId,
        string popReceipt,
        long dequeueCount,
        DateTimeOffset? insertionTime,
        DateTimeOffset? expirationTime,
        DateTimeOffset? nextVisibleTime,
        DateTimeOffset now)
    {
        var metadata = new JsonObject();

        // A message that is a JSON object also lends its properties to the binding data, as the host's queue
        // extension does; the fixed metadata below wins over a property of the same name.
        if (TryParseObject(text) is { } properties)
        {
            foreach (var (key, value) in properties)
            {
                metadata[key] = ToMetadataValue(value);
            }
        }

        metadata["Id"] = Encode(messageId);
        metadata["DequeueCount"] = dequeueCount.ToString(CultureInfo.InvariantCulture);
        metadata["ExpirationTime"] = Timestamp(expirationTime);
        metadata["InsertionTime"] = Timestamp(insertionTime);
        metadata["NextVisibleTime"] = Timestamp(nextVisibleTime);
        metadata["PopReceipt"] = Encode(popReceipt);
        metadata["sys"] = SystemData(function, now);

        return new InvocationRequest
        {
            Data = new JsonObject { [function.Trigger.Name] = Encode(text) },
            Metadata = metadata,
        };
    }

    /// <summary>The request for a timer occurrence.</summary>
    public static InvocationRequest ForTimer(FunctionMetadata function, TimerInfo timer, DateTimeOffset now) => new()
    {
        Data = new JsonObject { [function.Trigger.Name] = JsonSerializer.SerializeToNode(timer) },
        Metadata = new JsonObject { ["sys"] = SystemData(function, now) },
    };

    private static JsonObject SystemData(FunctionMetadata function, DateTimeOffset now) => new()
    {
        ["MethodName"] = function.Name,
        ["UtcNow"] = Timestamp(now),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    private static string Encode(string text) => JsonSerializer.Serialize(text);

    private static JsonValue? Timestamp(DateTimeOffset? value) =>
        value is { } time ? JsonValue.Create(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'+00:00'", CultureInfo.InvariantCulture)) : null;

    private static JsonNode? ToMetadataValue(JsonNode? value) => value switch
    {
        null => null,
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => Encode(text),
        JsonValue scalar => scalar.ToJsonString(),
        _ => value.DeepClone(),
    };

    private static JsonObject? TryParseObject(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
