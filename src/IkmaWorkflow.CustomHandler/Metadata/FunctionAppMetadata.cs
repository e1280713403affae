using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.CustomHandler.Metadata;

/// <summary>
/// A function app's root folder read as the Functions host reads it: <c>host.json</c> and one folder per function
/// holding its <c>function.json</c>.
/// </summary>
public sealed partial class FunctionAppMetadata
{
    private FunctionAppMetadata(string scriptRoot, HostSettings host, IReadOnlyList<FunctionMetadata> functions)
    {
        ScriptRoot = scriptRoot;
        Host = host;
        Functions = functions;
    }

    /// <summary>The folder holding <c>host.json</c>.</summary>
    public string ScriptRoot { get; }

    /// <summary>The app's <c>host.json</c> settings.</summary>
    public HostSettings Host { get; }

    /// <summary>Every function, disabled ones included, ordered by name.</summary>
    public IReadOnlyList<FunctionMetadata> Functions { get; }

    /// <summary>Reads the app at <paramref name="scriptRoot"/>, resolving <c>%setting%</c> references from <paramref name="settings"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">A file is missing or invalid, or a referenced setting has no value.</exception>
    public static FunctionAppMetadata Load(string scriptRoot, IConfiguration settings)
    {
        var host = HostSettings.Load(Path.Combine(scriptRoot, "host.json"));
        var functions = new List<FunctionMetadata>();
        foreach (var directory in Directory.EnumerateDirectories(scriptRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(directory, "function.json");
            if (File.Exists(file))
            {
                functions.Add(LoadFunction(file, settings));
            }
        }

        return new FunctionAppMetadata(scriptRoot, host, functions);
    }

    private static FunctionMetadata LoadFunction(string file, IConfiguration settings)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(file))!;
        if (!FunctionNamePattern().IsMatch(name))
        {
            throw new FunctionAppConfigurationException(file, $"'{name}' is not a valid function name: use letters, digits, '-' and '_', starting with a letter.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FunctionAppConfigurationException(file, "function.json must hold a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FunctionAppConfigurationException(file, $"function.json is not valid JSON: {ex.Message}", ex);
        }

        if (root["bindings"] is not JsonArray array || array.Count == 0)
        {
            throw new FunctionAppConfigurationException(file, "function.json needs a non-empty 'bindings' array.");
        }

        var bindings = new List<FunctionBinding>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject entry)
            {
                throw new FunctionAppConfigurationException(file, $"bindings[{i}] must be an object.");
            }

            var properties = (JsonObject)Resolve(entry.DeepClone(), file, settings)!;
            var bindingName = Required(properties, "name", file, i);
            var type = Required(properties, "type", file, i);
            var direction = Required(properties, "direction", file, i);
            if (direction is not ("in" or "out" or "inout"))
            {
                throw new FunctionAppConfigurationException(file, $"bindings[{i}].direction must be \"in\", \"out\" or \"inout\", not \"{direction}\".");
            }

            bindings.Add(new FunctionBinding(bindingName, type, direction, properties));
        }

        var triggers = bindings.Count(b => b.IsTrigger);
        if (triggers != 1)
        {
            throw new FunctionAppConfigurationException(file, $"a function needs exactly one trigger binding; this one has {triggers}.");
        }

        var disabledInFile = root["disabled"] is JsonValue flag && flag.TryGetValue<bool>(out var disabled) && disabled;
        var disabledBySetting = bool.TryParse(settings[$"AzureWebJobs.{name}.Disabled"], out var off) && off;
        return new FunctionMetadata(name, file, bindings) { Disabled = disabledInFile || disabledBySetting };
    }

    private static string Required(JsonObject binding, string key, string file, int index) =>
        binding[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new FunctionAppConfigurationException(file, $"bindings[{index}].{key} is required and must be a non-empty string.");

    // The host resolves %Name% anywhere in a binding's string values from app settings; an unknown name is an error
    // at start-up, not a silently literal value.
    private static JsonNode? Resolve(JsonNode? node, string file, IConfiguration settings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = Resolve(obj[key]?.DeepClone(), file, settings);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Resolve(array[i]?.DeepClone(), file, settings);
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains('%', StringComparison.Ordinal):
                return JsonValue.Create(SettingReference().Replace(text, match =>
                {
                    var key = match.Groups[1].Value;
                    var resolved = settings[key];
                    return string.IsNullOrEmpty(resolved)
                        ? throw new FunctionAppConfigurationException(file, $"the binding refers to the app setting '%{key}%', which has no value. Add '{key}' to local.settings.json Values or the environment.")
                        : resolved;
                }));
            default:
                return node;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("%([A-Za-z0-9_.:-]+)%")]
    private static partial Regex SettingReference();
}
