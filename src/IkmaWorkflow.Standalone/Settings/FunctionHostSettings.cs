using System.Text;
using IkmaWorkflow.Standalone.Storage;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>
/// The Azure Functions app settings the standalone host reads, under the names Azure Functions uses, checked at
/// start-up so a wrong value stops the app with a message naming the key.
/// </summary>
public sealed class FunctionHostSettings
{
    /// <summary>The app's storage account: a connection string, or the identity-based form (<c>AzureWebJobsStorage__accountName</c>).</summary>
    public const string StorageKey = "AzureWebJobsStorage";

    /// <summary>The worker runtime: <c>dotnet-isolated</c> for this app under the Functions host.</summary>
    public const string WorkerRuntimeKey = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>The folder holding <c>host.json</c>.</summary>
    public const string ScriptRootKey = "AzureWebJobsScriptRoot";

    /// <summary>The host id that names timer locks and schedule status blobs, as the host's own setting.</summary>
    public const string HostIdKey = "AzureFunctionsWebHost:hostid";

    private const string IsolatedRuntime = "dotnet-isolated";
    private const int MaxHostIdLength = 32;

    private FunctionHostSettings(StorageConnection storage, string scriptRoot, string hostId)
    {
        Storage = storage;
        ScriptRoot = scriptRoot;
        HostId = hostId;
    }

    /// <summary>
    /// The storage account (<c>AzureWebJobsStorage</c>): a connection string or the identity-based form. Default
    /// <c>UseDevelopmentStorage=true</c>, which is Azurite.
    /// </summary>
    internal StorageConnection Storage { get; }

    /// <summary>The folder holding <c>host.json</c> (<c>AzureWebJobsScriptRoot</c>). Default: the app's base directory.</summary>
    public string ScriptRoot { get; }

    /// <summary>
    /// The host id (<c>AzureFunctionsWebHost__hostid</c>): at most 32 lowercase letters, digits and '-'. Default: the
    /// name of the functions assembly in that form, such as <c>ikmaworkflow-functionapp</c>.
    /// </summary>
    public string HostId { get; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="appName">The name the default host id is made from: the functions assembly's.</param>
    /// <exception cref="FunctionAppConfigurationException">A setting is invalid; the message names it.</exception>
    public static FunctionHostSettings Read(IConfiguration configuration, string appName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Missing altogether, the storage is Azurite's; either form given is read as Azure Functions reads it.
        var storage = StorageConnection.IsSet(configuration, StorageKey)
            ? StorageConnection.Read(configuration, StorageKey, (key, problem) => new FunctionAppConfigurationException(key, problem))
            : StorageConnection.DevelopmentStorage(StorageKey);

        // The standalone host ignores it, but Core Tools and Azure read it: a wrong value here fails there.
        var runtime = configuration[WorkerRuntimeKey];
        if (!string.IsNullOrEmpty(runtime) && !runtime.Equals(IsolatedRuntime, StringComparison.OrdinalIgnoreCase))
        {
            throw new FunctionAppConfigurationException(WorkerRuntimeKey, $"must be \"{IsolatedRuntime}\" for this app (a .NET isolated-worker app), not \"{runtime}\".");
        }

        var scriptRoot = configuration[ScriptRootKey];
        if (string.IsNullOrEmpty(scriptRoot))
        {
            scriptRoot = AppContext.BaseDirectory;
        }
        else if (!Directory.Exists(scriptRoot))
        {
            throw new FunctionAppConfigurationException(ScriptRootKey, $"names the folder \"{scriptRoot}\", which does not exist.");
        }

        var hostId = configuration[HostIdKey];
        if (string.IsNullOrEmpty(hostId))
        {
            hostId = HostIdFrom(appName);
        }
        else if (!IsValidHostId(hostId))
        {
            throw new FunctionAppConfigurationException("AzureFunctionsWebHost__hostid", $"must be at most {MaxHostIdLength} lowercase letters, digits and '-', not \"{hostId}\".");
        }

        return new FunctionHostSettings(storage, scriptRoot, hostId);
    }

    private static bool IsValidHostId(string hostId) =>
        hostId.Length <= MaxHostIdLength && hostId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    // As the host derives one from the site name: lowercase, other characters as single hyphens, at most 32.
    private static string HostIdFrom(string appName)
    {
        var id = new StringBuilder(appName.Length);
        foreach (var c in appName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        var text = id.ToString(0, Math.Min(id.Length, MaxHostIdLength)).Trim('-');
        return text.Length > 0 ? text : "standalone";
    }
}
