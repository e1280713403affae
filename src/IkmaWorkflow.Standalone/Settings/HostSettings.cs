using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>What the standalone host reads from the app's <c>host.json</c>.</summary>
public sealed record HostSettings
{
    /// <summary>The file name the Functions host reads.</summary>
    public const string FileName = "host.json";

    /// <summary>The file the settings were read from.</summary>
    public required string FilePath { get; init; }

    /// <summary>The route prefix of HTTP functions (<c>extensions.http.routePrefix</c>). Default <c>api</c>; empty for none.</summary>
    public string HttpRoutePrefix { get; init; } = "api";

    /// <summary>Queue-trigger settings (<c>extensions.queues</c>).</summary>
    public QueueTriggerSettings Queues { get; init; } = new();

    /// <summary>
    /// The <c>extensions.durableTask</c> section as written, for <c>DurableHostSettings.FromHostJson</c> to read and
    /// check; undefined when <c>host.json</c> has none. Kept here so that <c>host.json</c> is parsed once.
    /// </summary>
    public JsonElement DurableTask { get; init; }

    /// <summary>Reads <c>host.json</c> in <paramref name="scriptRoot"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">The file is missing or a value is invalid; the message names the value.</exception>
    public static HostSettings Load(string scriptRoot)
    {
        var path = Path.Combine(scriptRoot, FileName);
        if (!File.Exists(path))
        {
            throw new FunctionAppConfigurationException(path, $"{FileName} is missing: the app's folder (or {FunctionHostSettings.ScriptRootKey}) must hold one; the Functions SDK copies it to the build output.");
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            json = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FunctionAppConfigurationException(path, $"{FileName} is not valid JSON: {ex.Message}", ex);
        }

        var root = json.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(json)!
            : throw new FunctionAppConfigurationException(path, $"{FileName} must hold a JSON object.");

        var http = Section(path, root, "extensions", "http");
        var queues = Section(path, root, "extensions", "queues");
        var batchSize = ReadInt(path, queues, "extensions.queues.batchSize", 16, 1, 32);
        return new HostSettings
        {
            FilePath = path,
            HttpRoutePrefix = (ReadString(path, http, "extensions.http.routePrefix") ?? "api").Trim('/'),
            Queues = new QueueTriggerSettings
            {
                BatchSize = batchSize,
                NewBatchThreshold = ReadInt(path, queues, "extensions.queues.newBatchThreshold", batchSize / 2, 0, 1000),
                MaxPollingInterval = ReadDuration(path, queues, "extensions.queues.maxPollingInterval", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100)),
                VisibilityTimeout = ReadDuration(path, queues, "extensions.queues.visibilityTimeout", TimeSpan.Zero, TimeSpan.Zero),
                MaxDequeueCount = ReadInt(path, queues, "extensions.queues.maxDequeueCount", 5, 1, 1000),
                Base64Encoding = ReadEncoding(path, queues, "extensions.queues.messageEncoding"),
            },
            DurableTask = json.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("durableTask", out var durableTask)
                ? durableTask
                : default,
        };
    }

    private static JsonObject? Section(string path, JsonObject root, string parent, string name) =>
        root[parent]?[name] switch
        {
            null => null,
            JsonObject section => section,
            _ => throw new FunctionAppConfigurationException(path, $"{parent}.{name} must be an object."),
        };

    private static JsonNode? Value(JsonObject? section, string key) =>
        section is not null && section.TryGetPropertyValue(key[(key.LastIndexOf('.') + 1)..], out var node) ? node : null;

    private static string? ReadString(string path, JsonObject? section, string key) =>
        Value(section, key) switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var other => throw new FunctionAppConfigurationException(path, $"{key} must be a string, not {other.ToJsonString()}."),
        };

    private static int ReadInt(string path, JsonObject? section, string key, int defaultValue, int min, int max) =>
        Value(section, key) switch
        {
            null => defaultValue,
            JsonValue value when value.TryGetValue<int>(out var number) && number >= min && number <= max => number,
            var other => throw new FunctionAppConfigurationException(path, $"{key} must be a whole number from {min} to {max}, not {other.ToJsonString()}."),
        };

    private static TimeSpan ReadDuration(string path, JsonObject? section, string key, TimeSpan defaultValue, TimeSpan min)
    {
        var text = ReadString(path, section, key);
        if (text is null)
        {
            return defaultValue;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= min
            ? span
            : throw new FunctionAppConfigurationException(path, $"{key} must be a duration such as \"00:00:30\" of at least {min}, not \"{text}\".");
    }

    private static bool ReadEncoding(string path, JsonObject? section, string key)
    {
        var text = ReadString(path, section, key);
        return text?.ToUpperInvariant() switch
        {
            null or "BASE64" => true,
            "NONE" => false,
            _ => throw new FunctionAppConfigurationException(path, $"{key} must be \"base64\" or \"none\", not \"{text}\"."),
        };
    }
}
