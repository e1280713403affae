using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.CustomHandler.Metadata;

/// <summary>Queue-trigger settings from <c>host.json</c> <c>extensions.queues</c>, with the host's defaults.</summary>
public sealed record QueueTriggerSettings
{
    /// <summary>Messages fetched at once per queue. Default 16, at most 32.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched when this many or fewer messages are still in flight. Default <c>BatchSize / 2</c>.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>Longest wait between polls of an empty queue. Default 1 minute.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before a failed message is retried. Default zero.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before a message moves to the poison queue. Default 5.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Whether queue messages are base64-encoded (the default) rather than plain text.</summary>
    public bool Base64Encoding { get; init; } = true;
}

/// <summary>What the app reads from <c>host.json</c>.</summary>
public sealed record HostSettings
{
    /// <summary>The route prefix of HTTP functions (<c>extensions.http.routePrefix</c>). Default <c>api</c>.</summary>
    public string HttpRoutePrefix { get; init; } = "api";

    /// <summary>Queue-trigger settings.</summary>
    public QueueTriggerSettings Queues { get; init; } = new();

    /// <summary>The executable the host starts (<c>customHandler.description.defaultExecutablePath</c>).</summary>
    public string? CustomHandlerExecutable { get; init; }

    /// <summary>Whether the host forwards HTTP requests as they are (<c>customHandler.enableProxyingHttpRequest</c>).</summary>
    public bool EnableProxyingHttpRequest { get; init; }

    /// <summary>Reads <c>host.json</c> at <paramref name="path"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">The file is missing or a value is invalid.</exception>
    public static HostSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FunctionAppConfigurationException(path, "host.json is missing: the function app root must hold one.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FunctionAppConfigurationException(path, "host.json must hold a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FunctionAppConfigurationException(path, $"host.json is not valid JSON: {ex.Message}", ex);
        }

        var queues = root["extensions"]?["queues"] as JsonObject;
        var batchSize = ReadInt(path, queues, "batchSize", 16, 1, 32);
        var settings = new HostSettings
        {
            HttpRoutePrefix = ReadString(path, root["extensions"]?["http"] as JsonObject, "routePrefix") ?? "api",
            CustomHandlerExecutable = ReadString(path, root["customHandler"]?["description"] as JsonObject, "defaultExecutablePath"),
            EnableProxyingHttpRequest = root["customHandler"]?["enableProxyingHttpRequest"]?.GetValue<bool>() ?? false,
            Queues = new QueueTriggerSettings
            {
                BatchSize = batchSize,
                NewBatchThreshold = ReadInt(path, queues, "newBatchThreshold", batchSize / 2, 0, 1000),
                MaxPollingInterval = ReadTimeSpan(path, queues, "maxPollingInterval", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100)),
                VisibilityTimeout = ReadTimeSpan(path, queues, "visibilityTimeout", TimeSpan.Zero, TimeSpan.Zero),
                MaxDequeueCount = ReadInt(path, queues, "maxDequeueCount", 5, 1, 1000),
                Base64Encoding = ReadEncoding(path, queues),
            },
        };
        return settings;
    }

    private static string? ReadString(string path, JsonObject? section, string key)
    {
        if (section is null || !section.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new FunctionAppConfigurationException(path, $"'{key}' must be a string.");
    }

    private static int ReadInt(string path, JsonObject? section, string key, int defaultValue, int min, int max)
    {
        if (section is null || !section.TryGetPropertyValue(key, out var node) || node is null)
        {
            return defaultValue;
        }

        if (node is JsonValue value && value.TryGetValue<int>(out var number) && number >= min && number <= max)
        {
            return number;
        }

        throw new FunctionAppConfigurationException(path, $"extensions.queues.{key} must be a whole number from {min} to {max}, not {node.ToJsonString()}.");
    }

    private static TimeSpan ReadTimeSpan(string path, JsonObject? section, string key, TimeSpan defaultValue, TimeSpan min)
    {
        var text = ReadString(path, section, key);
        if (text is null)
        {
            return defaultValue;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= min)
        {
            return span;
        }

        throw new FunctionAppConfigurationException(path, $"extensions.queues.{key} must be a duration such as \"00:00:30\" of at least {min}, not \"{text}\".");
    }

    private static bool ReadEncoding(string path, JsonObject? section)
    {
        var text = ReadString(path, section, "messageEncoding");
        return text?.ToUpperInvariant() switch
        {
            null or "BASE64" => true,
            "NONE" => false,
            _ => throw new FunctionAppConfigurationException(path, $"extensions.queues.messageEncoding must be \"base64\" or \"none\", not \"{text}\"."),
        };
    }
}
