using System.Globalization;
using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>How the management API writes stored payloads and times.</summary>
internal static class ManagementJson
{
    /// <summary>
    /// Parses a stored payload. Text that is not JSON (a reference to a payload moved to a blob, which history keeps
    /// as it is) is returned as a JSON string rather than dropped.
    /// </summary>
    public static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    /// <summary>The text of a stored payload that is a JSON string (a reason given as the client serialised it); other text as it is.</summary>
    public static string? Text(string? json) =>
        Parse(json) is { ValueKind: JsonValueKind.String } text ? text.GetString() : json;

    /// <summary>Formats an instant as ISO 8601 UTC, such as <c>2024-09-07T03:00:00.1234567Z</c> (trailing zeros of the fraction dropped).</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A history time as an instant: stored as UTC, and UTC too when read back without a kind.</summary>
    public static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));
}
