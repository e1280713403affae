using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.CustomHandler;

/// <summary>
/// The Azure Functions app settings the custom handler reads, under the names Azure Functions uses, checked at
/// start-up so a wrong value stops the app with a message naming the key.
/// </summary>
public sealed class FunctionHostSettings
{
    /// <summary>The connection string of the app's storage account.</summary>
    public const string StorageKey = "AzureWebJobsStorage";

    /// <summary>The worker runtime: <c>custom</c> for a custom handler.</summary>
    public const string WorkerRuntimeKey = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>The port the Functions host tells a custom handler to listen on; its presence means the host runs the app.</summary>
    public const string CustomHandlerPortKey = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The folder holding <c>host.json</c> and the function folders.</summary>
    public const string ScriptRootKey = "AzureWebJobsScriptRoot";

    /// <summary>The host id that names timer locks and schedule status blobs, as the host's own setting.</summary>
    public const string HostIdKey = "AzureFunctionsWebHost:hostid";

    private FunctionHostSettings(string storage, string scriptRoot, int? customHandlerPort, string hostId)
    {
        Storage = storage;
        ScriptRoot = scriptRoot;
        CustomHandlerPort = customHandlerPort;
        HostId = hostId;
    }

    /// <summary>The storage connection string (<c>AzureWebJobsStorage</c>). Default <c>UseDevelopmentStorage=true</c>, which is Azurite.</summary>
    public string Storage { get; }

    /// <summary>The function app root (<c>AzureWebJobsScriptRoot</c>). Default: the folder of the executable.</summary>
    public string ScriptRoot { get; }

    /// <summary>The port the host gave (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>), or <see langword="null"/> in standalone mode.</summary>
    public int? CustomHandlerPort { get; }

    /// <summary>The host id (<c>AzureFunctionsWebHost__hostid</c>). Default <c>ikma-workflow</c>.</summary>
    public string HostId { get; }

    /// <summary>Whether a Functions host started this process and drives its triggers.</summary>
    public bool IsHostMode => CustomHandlerPort is not null;

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is invalid; the message names it.</exception>
    public static FunctionHostSettings Read(IConfiguration configuration)
    {
        var storage = configuration[StorageKey];
        if (string.IsNullOrWhiteSpace(storage))
        {
            storage = "UseDevelopmentStorage=true";
        }
        else
        {
            try
            {
                _ = new Azure.Storage.Blobs.BlobServiceClient(storage);
                _ = new Azure.Storage.Queues.QueueServiceClient(storage);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new FunctionAppConfigurationException(StorageKey, "is not a storage connection string: use \"UseDevelopmentStorage=true\" for Azurite or the account's connection string from the Azure portal.", ex);
            }
        }

        var runtime = configuration[WorkerRuntimeKey];
        if (!string.IsNullOrEmpty(runtime) && !runtime.Equals("custom", StringComparison.OrdinalIgnoreCase))
        {
            throw new FunctionAppConfigurationException(WorkerRuntimeKey, $"must be \"custom\" for this app (a custom handler), not \"{runtime}\".");
        }

        int? port = null;
        var portText = configuration[CustomHandlerPortKey];
        if (!string.IsNullOrEmpty(portText))
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
                ? value
                : throw new FunctionAppConfigurationException(CustomHandlerPortKey, $"must be a TCP port from 1 to 65535, not \"{portText}\".");
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
            hostId = "ikma-workflow";
        }
        else if (hostId.Length > 32 || !hostId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new FunctionAppConfigurationException("AzureFunctionsWebHost__hostid", $"must be at most 32 lowercase letters, digits and '-', not \"{hostId}\".");
        }

        return new FunctionHostSettings(storage, scriptRoot, port, hostId);
    }
}
