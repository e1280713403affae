using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.CustomHandler;

/// <summary>Reads <c>local.settings.json</c> the way Core Tools does: its <c>Values</c> become app settings.</summary>
public static class LocalSettings
{
    /// <summary>The file name Core Tools reads.</summary>
    public const string FileName = "local.settings.json";

    /// <summary>
    /// Adds the <c>Values</c> of the first <c>local.settings.json</c> found in <paramref name="directory"/> or a folder
    /// above it, beneath every other source, so environment variables override it as they do under Core Tools.
    /// <c>__</c> in a key means a section, as in environment variables.
    /// </summary>
    /// <returns>The file read, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="FunctionAppConfigurationException">The file is not valid JSON or its <c>Values</c> are not strings.</exception>
    public static string? AddLocalSettings(this IConfigurationBuilder configuration, string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, FileName);
            if (File.Exists(path))
            {
                configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Read(path) });
                return path;
            }
        }

        return null;
    }

    private static Dictionary<string, string?> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.TryGetProperty("Values", out var section))
            {
                foreach (var property in section.EnumerateObject())
                {
                    values[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                        _ => throw new FunctionAppConfigurationException(path, $"Values.{property.Name} must be a string, number or boolean."),
                    };
                }
            }

            return values;
        }
        catch (JsonException ex)
        {
            throw new FunctionAppConfigurationException(path, $"is not valid JSON: {ex.Message}", ex);
        }
    }
}
