using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>Reads <c>local.settings.json</c> the way Core Tools does: its <c>Values</c> become app settings.</summary>
public static class LocalSettings
{
    /// <summary>The file name Core Tools reads.</summary>
    public const string FileName = "local.settings.json";

    /// <summary>
    /// Adds the <c>Values</c> of the first <c>local.settings.json</c> found in <paramref name="directory"/> or a folder
    /// above it, just beneath the environment variables, so the environment (and the command line) override it as
    /// under Core Tools, which hands the values to the worker as environment variables. <c>__</c> in a key means a
    /// section, as in environment variables.
    /// </summary>
    /// <returns>The file read, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="FunctionAppConfigurationException">The file is not valid JSON or its <c>Values</c> are not strings.</exception>
    public static string? AddLocalSettings(this IConfigurationBuilder configuration, string directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, FileName);
            if (File.Exists(path))
            {
                configuration.Sources.Insert(BeneathEnvironment(configuration.Sources), new MemoryConfigurationSource { InitialData = Read(path) });
                return path;
            }
        }

        return null;
    }

    // Beneath the unprefixed environment variables, but above appsettings.json and any defaults an app inserted at
    // the bottom; at the bottom when there are no environment variables in the sources.
    private static int BeneathEnvironment(IList<IConfigurationSource> sources)
    {
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        return 0;
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
