using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Standalone.Durable;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.Standalone.Tests.Storage;

/// <summary>
/// <c>AzureWebJobsStorage</c> read in both forms, as Azure Functions reads it: a connection string, or the account (or
/// its three service endpoints) with a managed identity. Only what the clients show without a request is checked.
/// </summary>
public sealed class StorageConnectionTests
{
    private const string ClientId = "0f5c3d6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f";

    [Fact]
    public void Read_ConnectionString_ClientsPointAtAzurite()
    {
        var connection = Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
        Assert.Null(connection.Credential);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.CreateBlobServiceClient(new BlobClientOptions()).Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.CreateQueueServiceClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.CreateTableServiceClient(new TableClientOptions()).Uri);
    }

    [Fact]
    public void Read_AccountNameWithUserAssignedIdentity_ClientsUseTheAccountsEndpointsAndTheIdentity()
    {
        var connection = Read(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stikmaprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = ClientId,
        });

        Assert.Null(connection.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        Assert.Equal(new Uri("https://stikmaprod.blob.core.windows.net/"), connection.CreateBlobServiceClient(new BlobClientOptions()).Uri);
        Assert.Equal(new Uri("https://stikmaprod.queue.core.windows.net/"), connection.CreateQueueServiceClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("https://stikmaprod.table.core.windows.net/"), connection.CreateTableServiceClient(new TableClientOptions()).Uri);
        Assert.Equal("stikmaprod", connection.CreateBlobServiceClient(new BlobClientOptions()).AccountName);
    }

    [Fact]
    public void Read_AccountNameWithoutCredential_UsesDefaultAzureCredential()
    {
        var connection = Read(new() { ["AzureWebJobsStorage:accountName"] = "stikmadev" });

        Assert.IsType<DefaultAzureCredential>(connection.Credential);
        Assert.Equal(new Uri("https://stikmadev.queue.core.windows.net/"), connection.QueueServiceUri);
    }

    [Fact]
    public void Read_ServiceUris_ClientsUseThem()
    {
        var connection = Read(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.go.id/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://queues.example.go.id/",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.example.go.id/",
            ["AzureWebJobsStorage:credential"] = "ManagedIdentity",
        });

        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        Assert.Equal(new Uri("https://blobs.example.go.id/"), connection.CreateBlobServiceClient(new BlobClientOptions()).Uri);
        Assert.Equal(new Uri("https://queues.example.go.id/"), connection.CreateQueueServiceClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("https://tables.example.go.id/"), connection.CreateTableServiceClient(new TableClientOptions()).Uri);
    }

    [Fact]
    public void Read_BothForms_IdentityWins()
    {
        // The app's defaults put UseDevelopmentStorage=true beneath every source; a deployment sets only __accountName.
        var connection = Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["AzureWebJobsStorage:accountName"] = "stikmaprod" });

        Assert.Null(connection.ConnectionString);
        Assert.Equal(new Uri("https://stikmaprod.table.core.windows.net/"), connection.TableServiceUri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "nonsense", "AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage", "", "AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage:accountName", "St_Ikma", "AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage:accountName", "ab", "AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.go.id/", "AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage:queueServiceUri", "queues.example.go.id", "AzureWebJobsStorage__blobServiceUri")]
    public void Read_BadForm_NamesTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => Read(new() { [key] = value }));

        Assert.Equal(named, failure.Key);
        Assert.StartsWith(named + ": ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("credential", "managedidentity")]
    [InlineData("clientId", ClientId)]
    public void Read_IdentityWithoutAccount_NamesTheMissingAccountName(string key, string value)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => Read(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage:" + key] = value,
        }));

        Assert.Equal("AzureWebJobsStorage__accountName", failure.Key);
        Assert.Contains("AzureWebJobsStorage__" + key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadServiceUri_NamesItsKey()
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => Read(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.go.id/",
            ["AzureWebJobsStorage:queueServiceUri"] = "ftp://queues.example.go.id/",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.example.go.id/",
        }));

        Assert.Equal("AzureWebJobsStorage__queueServiceUri", failure.Key);
    }

    [Theory]
    [InlineData("credential", "connectionstring", "AzureWebJobsStorage__credential")]
    [InlineData("clientId", "ikma-identity", "AzureWebJobsStorage__clientId")]
    public void Read_BadCredentialSetting_NamesTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => Read(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stikmaprod",
            ["AzureWebJobsStorage:" + key] = value,
        }));

        Assert.Equal(named, failure.Key);
    }

    [Fact]
    public void FunctionHostSettings_IdentityForm_HostClientsUseTheAccount()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "stikmaprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = ClientId,
        }).Build();

        var settings = FunctionHostSettings.Read(configuration, "IkmaWorkflow.FunctionApp");

        Assert.Equal(new Uri("https://stikmaprod.queue.core.windows.net/"), StorageClients.CreateQueueService(settings.Storage).Uri);
        Assert.Equal(new Uri("https://stikmaprod.blob.core.windows.net/"), StorageClients.CreateBlobService(settings.Storage).Uri);
    }

    [Fact]
    public void FunctionHostSettings_NoStorageSetting_IsAzurite()
    {
        var settings = FunctionHostSettings.Read(new ConfigurationBuilder().Build(), "IkmaWorkflow.FunctionApp");

        Assert.Equal("UseDevelopmentStorage=true", settings.Storage.ConnectionString);
    }

    [Fact]
    public void DurableEngine_IdentityForm_TaskHubClientsUseTheAccount()
    {
        var connection = Read(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stikmaprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = ClientId,
        });

        var engine = new DurableHostSettings().ToOrchestrationServiceSettings(connection, "ikma", "worker-1", NullLoggerFactory.Instance);
        var provider = engine.StorageAccountClientProvider!;

        Assert.Equal(new Uri("https://stikmaprod.blob.core.windows.net/"), provider.Blob.CreateClient(new BlobClientOptions()).Uri);
        Assert.Equal(new Uri("https://stikmaprod.queue.core.windows.net/"), provider.Queue.CreateClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("https://stikmaprod.table.core.windows.net/"), provider.Table.CreateClient(new TableClientOptions()).Uri);
    }

    [Fact]
    public void DurableEngine_ConnectionString_TaskHubClientsPointAtAzurite()
    {
        var engine = new DurableHostSettings().ToOrchestrationServiceSettings(
            Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }), "ikma", "worker-1", NullLoggerFactory.Instance);

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), engine.StorageAccountClientProvider!.Table.CreateClient(new TableClientOptions()).Uri);
    }

    private static StorageConnection Read(Dictionary<string, string?> settings) =>
        StorageConnection.Read(
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
            "AzureWebJobsStorage",
            (key, problem) => new FunctionAppConfigurationException(key, problem));
}
