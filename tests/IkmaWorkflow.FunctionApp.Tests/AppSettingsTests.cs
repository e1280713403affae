using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Programmes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>
/// The app's services as <c>Program.cs</c> registers them under the Functions host: storage clients from either form of
/// <c>AzureWebJobsStorage</c>, and OpenTelemetry only when an exporter is asked for. Nothing is sent anywhere.
/// </summary>
public sealed class AppSettingsTests
{
    [Fact]
    public void AddIkmaWorkflow_ConnectionString_ClientsPointAtAzurite()
    {
        using var host = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), host.Services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), host.Services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), host.Services.GetRequiredService<TableServiceClient>().Uri);
    }

    [Fact]
    public void AddIkmaWorkflow_ManagedIdentity_ClientsUseTheAccountsEndpoints()
    {
        // As the deployment sets it: the app's defaults still hold UseDevelopmentStorage=true beneath it.
        using var host = Build(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stikmaprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "0f5c3d6e-1a2b-4c3d-9e8f-7a6b5c4d3e2f",
            ["PersonalData:EncryptionKey"] = Convert.ToBase64String(new byte[32]),
        });

        Assert.Equal(new Uri("https://stikmaprod.blob.core.windows.net/"), host.Services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://stikmaprod.queue.core.windows.net/"), host.Services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("https://stikmaprod.table.core.windows.net/"), host.Services.GetRequiredService<TableServiceClient>().Uri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "nonsense", "AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage:accountName", "St_Ikma", "AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage:clientId", "ikma", "AzureWebJobsStorage__accountName")]
    [InlineData("Telemetry:Console", "loud", "Telemetry__Console")]
    public void AddIkmaWorkflow_BadSetting_NamesTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<AppSettingException>(() => Build(new() { [key] = value }));

        Assert.Equal(named, failure.Key);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:accountName", "stikmaprod")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://stikmaprod.blob.core.windows.net")]
    public void AddIkmaWorkflow_IdentityBasedStorageWithoutThePersonalDataKey_NamesTheKey(string key, string value)
    {
        // The development key is for Azurite only; the identity-based form is a real account, though the app's
        // defaults put UseDevelopmentStorage=true beneath it.
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.EndsWith("ServiceUri", StringComparison.Ordinal))
        {
            settings["AzureWebJobsStorage:queueServiceUri"] = "https://stikmaprod.queue.core.windows.net";
            settings["AzureWebJobsStorage:tableServiceUri"] = "https://stikmaprod.table.core.windows.net";
        }

        var failure = Assert.Throws<AppSettingException>(() => Build(settings));

        Assert.Equal("PersonalData__EncryptionKey", failure.Key);
    }

    [Fact]
    public void AddIkmaWorkflow_NoExporterAsked_RegistersNoOpenTelemetry()
    {
        using var host = Build([]);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void AddIkmaWorkflow_ConsoleAsked_TracesAndMeters()
    {
        using var host = Build(new() { ["Telemetry:Console"] = "true" });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddAppDefaults();
        builder.AddIkmaWorkflow();
        return builder.Build();
    }
}
