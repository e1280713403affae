using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Storage;

/// <summary>
/// A storage connection setting read as Azure Functions reads <c>AzureWebJobsStorage</c>: a connection string, or the
/// identity-based form (<c>__accountName</c>, or <c>__blobServiceUri</c>, <c>__queueServiceUri</c> and
/// <c>__tableServiceUri</c>; <c>__credential</c>, <c>__clientId</c>). Makes the account's blob, queue and table clients.
/// </summary>
/// <remarks>
/// This one file is compiled into the standalone host and, as a link, into the function app (neither references the
/// other), so the host and the app read the setting alike; each turns a problem into its own start-up exception.
/// When the setting has both forms, the identity-based one wins: the app's defaults put
/// <c>UseDevelopmentStorage=true</c> beneath every source, and a deployment sets only the identity keys.
/// </remarks>
internal sealed class StorageConnection
{
    /// <summary>The <c>__credential</c> value that selects a managed identity, as Azure Functions spells it.</summary>
    public const string ManagedIdentity = "managedidentity";

    private StorageConnection(string name, string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential)
    {
        Name = name;
        ConnectionString = connectionString;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
        Credential = credential;
    }

    /// <summary>The setting's name, such as <c>AzureWebJobsStorage</c>.</summary>
    public string Name { get; }

    /// <summary>The connection string; null in the identity-based form.</summary>
    public string? ConnectionString { get; }

    /// <summary>The blob endpoint in the identity-based form; null with a connection string.</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>The queue endpoint in the identity-based form; null with a connection string.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The table endpoint in the identity-based form; null with a connection string.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>
    /// The identity-based form's credential: <see cref="ManagedIdentityCredential"/> with <c>__credential</c>
    /// <c>managedidentity</c> (the user-assigned identity <c>__clientId</c>, or the system-assigned one), otherwise
    /// <see cref="DefaultAzureCredential"/> (with <c>__clientId</c> as its managed identity). Null with a connection string.
    /// </summary>
    public TokenCredential? Credential { get; }

    /// <summary>Azurite's account (<c>UseDevelopmentStorage=true</c>) under the setting <paramref name="name"/>.</summary>
    public static StorageConnection DevelopmentStorage(string name) => new(name, "UseDevelopmentStorage=true", null, null, null, null);

    /// <summary>Whether the setting <paramref name="name"/> is there in either form (a value or any child key).</summary>
    public static bool IsSet(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(name);
        return !string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value));
    }

    /// <summary>Reads the setting <paramref name="name"/> in either form.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="name">The setting, such as <c>AzureWebJobsStorage</c>.</param>
    /// <param name="problem">
    /// Makes the caller's start-up exception from the key as users write it (<c>AzureWebJobsStorage__accountName</c>)
    /// and what is wrong with it; thrown when the setting is missing or malformed.
    /// </param>
    public static StorageConnection Read(IConfiguration configuration, string name, Func<string, string, Exception> problem)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problem);
        var section = configuration.GetSection(name);
        string? Child(string key) => section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var accountName = Child("accountName");
        var blob = Child("blobServiceUri");
        var queue = Child("queueServiceUri");
        var table = Child("tableServiceUri");
        if (accountName is null && blob is null && queue is null && table is null)
        {
            if (Child("credential") is not null || Child("clientId") is not null)
            {
                throw problem(
                    $"{name}__accountName",
                    $"is missing: {name}__credential and {name}__clientId sign in to the account that {name}__accountName names (or {name}__blobServiceUri, {name}__queueServiceUri and {name}__tableServiceUri).");
            }

            return FromConnectionString(name, section.Value, problem);
        }

        var credential = CreateCredential(name, Child("credential"), Child("clientId"), problem);
        if (accountName is not null)
        {
            if (accountName.Length is < 3 or > 24 || !accountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                throw problem($"{name}__accountName", $"must be a storage account name, 3 to 24 lowercase letters and digits, not \"{accountName}\".");
            }

            return new StorageConnection(
                name, null, Endpoint(accountName, "blob"), Endpoint(accountName, "queue"), Endpoint(accountName, "table"), credential);
        }

        return new StorageConnection(
            name,
            null,
            ServiceUri(name, "blobServiceUri", blob, problem),
            ServiceUri(name, "queueServiceUri", queue, problem),
            ServiceUri(name, "tableServiceUri", table, problem),
            credential);
    }

    /// <summary>A blob service client on the account.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        ConnectionString is { } text ? new BlobServiceClient(text, options) : new BlobServiceClient(BlobServiceUri, Credential, options);

    /// <summary>A queue service client on the account.</summary>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        ConnectionString is { } text ? new QueueServiceClient(text, options) : new QueueServiceClient(QueueServiceUri, Credential, options);

    /// <summary>A table service client on the account.</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        ConnectionString is { } text ? new TableServiceClient(text, options) : new TableServiceClient(TableServiceUri, Credential, options);

    private static StorageConnection FromConnectionString(string name, string? text, Func<string, string, Exception> problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw problem(
                name,
                $"is not set: give the storage account's connection string (\"UseDevelopmentStorage=true\" for Azurite) or its identity-based form, {name}__accountName with {name}__credential and {name}__clientId.");
        }

        try
        {
            // The clients parse the connection string; nothing is sent.
            _ = new BlobServiceClient(text);
            _ = new QueueServiceClient(text);
            _ = new TableServiceClient(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw problem(
                name,
                $"is not a storage connection string: use \"UseDevelopmentStorage=true\" for Azurite, the account's connection string from the Azure portal, or the identity-based form ({name}__accountName).");
        }

        return new StorageConnection(name, text, null, null, null, null);
    }

    private static TokenCredential CreateCredential(string name, string? credential, string? clientId, Func<string, string, Exception> problem)
    {
        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw problem($"{name}__clientId", $"must be the client id (a GUID) of the app's user-assigned managed identity, not \"{clientId}\".");
        }

        if (credential is null)
        {
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        }

        if (!credential.Equals(ManagedIdentity, StringComparison.OrdinalIgnoreCase))
        {
            throw problem($"{name}__credential", $"must be \"{ManagedIdentity}\" or left out (then DefaultAzureCredential signs in), not \"{credential}\".");
        }

        return new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    private static Uri Endpoint(string accountName, string service) => new($"https://{accountName}.{service}.core.windows.net");

    private static Uri ServiceUri(string name, string key, string? value, Func<string, string, Exception> problem)
    {
        if (value is null)
        {
            throw problem(
                $"{name}__{key}",
                $"is missing: without {name}__accountName, the app needs {name}__blobServiceUri, {name}__queueServiceUri and {name}__tableServiceUri.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw problem($"{name}__{key}", $"must be the service's https endpoint, such as https://account.blob.core.windows.net, not \"{value}\".");
        }

        return uri;
    }
}
