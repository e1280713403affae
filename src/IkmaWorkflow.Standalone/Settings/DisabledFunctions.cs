using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>
/// Reads the host's switch <c>AzureWebJobs.&lt;Function&gt;.Disabled</c> (or <c>AzureWebJobs__&lt;Function&gt;__Disabled</c>
/// where a setting name cannot hold dots): a disabled function is not triggered and its HTTP route is not mapped.
/// </summary>
internal static class DisabledFunctions
{
    /// <summary>Whether function <paramref name="functionName"/> is switched off.</summary>
    /// <exception cref="FunctionAppConfigurationException">The setting is not a boolean; the message names it.</exception>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        var key = $"AzureWebJobs.{functionName}.Disabled";
        var text = configuration[key];
        if (text is null)
        {
            key = $"AzureWebJobs__{functionName}__Disabled";
            text = configuration[$"AzureWebJobs:{functionName}:Disabled"];
        }

        return text?.Trim().ToUpperInvariant() switch
        {
            null or "" or "FALSE" or "0" => false,
            "TRUE" or "1" => true,
            _ => throw new FunctionAppConfigurationException(key, $"must be \"true\" or \"false\", not \"{text}\"."),
        };
    }
}
