using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.CustomHandler.Metadata;

namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>
/// One invocation of a queue- or timer-triggered function, as its handler sees it: the decoded trigger value and
/// metadata, and the response it builds. The same object is made from the host's request and in standalone mode.
/// </summary>
public sealed class TriggerInvocation
{
    internal TriggerInvocation(FunctionMetadata function, InvocationRequest request, string invocationId)
    {
        Function = function;
        Request = request;
        InvocationId = invocationId;
    }

    /// <summary>The function being invoked.</summary>
    public FunctionMetadata Function { get; }

    /// <summary>The request as the host sent it.</summary>
    public InvocationRequest Request { get; }

    /// <summary>The invocation id (the host's <c>X-Azure-Functions-InvocationId</c>, or one made in standalone mode).</summary>
    public string InvocationId { get; }

    /// <summary>The response the handler fills: outputs, logs and return value.</summary>
    public InvocationResponse Response { get; } = new();

    /// <summary>The queue message text of a queue trigger, decoded from the host's double JSON encoding.</summary>
    /// <exception cref="FormatException">The trigger value is not a JSON-encoded string.</exception>
    public string QueueMessage => DecodeString(TriggerValue, $"Data.{Function.Trigger.Name}");

    /// <summary>How many times the queue message has been received, this time included.</summary>
    public int DequeueCount =>
        int.TryParse(GetMetadata("DequeueCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new FormatException("Metadata.DequeueCount is missing or not a whole number.");

    /// <summary>The timer payload of a timer trigger.</summary>
    /// <exception cref="FormatException">The trigger value is not a timer payload.</exception>
    public TimerInfo Timer
    {
        get
        {
            try
            {
                return TriggerValue.Deserialize<TimerInfo>() ?? throw new FormatException($"Data.{Function.Trigger.Name} is null.");
            }
            catch (JsonException ex)
            {
                throw new FormatException($"Data.{Function.Trigger.Name} is not a timer payload: {ex.Message}", ex);
            }
        }
    }

    private JsonNode TriggerValue =>
        Request.Data[Function.Trigger.Name]
        ?? throw new FormatException($"Data.{Function.Trigger.Name} is missing: the request carries no value for the trigger binding.");

    /// <summary>Deserializes the queue message as JSON.</summary>
    /// <exception cref="JsonException">The message is not valid JSON for <typeparamref name="T"/>.</exception>
    public T ReadQueueMessage<T>(JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize<T>(QueueMessage, options ?? JsonSerializerOptions.Web)
        ?? throw new JsonException($"The queue message of {Function.Name} is null.");

    /// <summary>
    /// A metadata value as text: a JSON-encoded string is decoded (<c>"\"abc\""</c> → <c>abc</c>), other scalars are
    /// returned as written; <see langword="null"/> when absent.
    /// </summary>
    public string? GetMetadata(string key)
    {
        if (!Request.Metadata.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text.StartsWith('"') ? DecodeString(node, $"Metadata.{key}") : text;
        }

        return node.ToJsonString();
    }

    /// <summary>Adds a line to the invocation's log, which the host writes to its own log.</summary>
    public void Log(string message) => Response.Logs.Add(message);

    private static string DecodeString(JsonNode node, string path)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var encoded))
        {
            try
            {
                if (JsonSerializer.Deserialize<string>(encoded) is { } decoded)
                {
                    return decoded;
                }
            }
            catch (JsonException)
            {
                // Reported below with the path, which says more than the parser's message.
            }
        }

        throw new FormatException($"{path} must be a JSON-encoded string such as \"\\\"text\\\"\", as the Functions host sends it.");
    }
}
