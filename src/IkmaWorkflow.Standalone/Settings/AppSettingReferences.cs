using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>
/// Resolves <c>%Name%</c> in a trigger's values (a schedule, a queue name) from app settings, as the Functions host
/// does, so a value lives in configuration while the attribute names it.
/// </summary>
internal static partial class AppSettingReferences
{
    /// <summary>Replaces every <c>%Name%</c> in <paramref name="value"/> with setting <c>Name</c> (<c>__</c> meaning a section).</summary>
    /// <param name="value">The value as written in the attribute.</param>
    /// <param name="configuration">The app settings.</param>
    /// <param name="functionName">The function whose attribute holds the value, for the error message.</param>
    /// <param name="what">What the value is, such as "queue name", for the error message.</param>
    /// <exception cref="FunctionAppConfigurationException">A referenced setting has no value; the message names it.</exception>
    public static string Resolve(string value, IConfiguration configuration, string functionName, string what) =>
        Reference().Replace(value, match =>
        {
            var key = match.Groups[1].Value;
            var resolved = configuration[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)];
            return string.IsNullOrEmpty(resolved)
                ? throw new FunctionAppConfigurationException(key, $"function '{functionName}' takes its {what} from %{key}%, which has no value. Add '{key}' to local.settings.json Values or the environment.")
                : resolved;
        });

    /// <summary>
    /// The key a value is wholly taken from (<c>%Name%</c> gives <c>Name</c>), so an error in the value can name the
    /// setting to fix; otherwise <paramref name="otherwise"/>.
    /// </summary>
    public static string SourceOf(string value, string otherwise) =>
        Reference().Match(value) is { Success: true } match && match.Length == value.Length ? match.Groups[1].Value : otherwise;

    [GeneratedRegex("%([A-Za-z0-9_.:-]+)%")]
    private static partial Regex Reference();
}
