using System.Text.Json;
using IkmaWorkflow.Standalone.Durable;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Reading host.json's <c>extensions.durableTask</c> section as Durable Functions does.</summary>
public sealed class DurableHostSettingsTests
{
    [Fact]
    public void FromHostJson_NoSection_UsesDurableFunctionsDefaults()
    {
        var settings = DurableHostSettings.FromHostJson(default, Configuration());

        Assert.Equal("TestHubName", settings.HubName);
        Assert.Equal("AzureWebJobsStorage", settings.ConnectionName);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(32, settings.ControlQueueBatchSize);
        Assert.Equal(256, settings.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.MaxQueuePollingInterval);
        Assert.True(settings.UseTablePartitionManagement);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.PartitionTableOperationTimeout);
        Assert.True(settings.UseAppLease);
        Assert.Equal(OverridableInstanceStates.NonRunningStates, settings.OverridableExistingInstanceStates);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.PartitionLeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.PartitionLeaseAcquireInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.PartitionLeaseRenewInterval);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(10 * Environment.ProcessorCount, settings.MaxConcurrentOrchestratorFunctions);
    }

    [Fact]
    public void FromHostJson_EveryKeyInAnyCase_ReadsEachIntoItsSetting()
    {
        var settings = DurableHostSettings.FromHostJson(Json("""
            {
              "HubName": "IkmaHub",
              "maxConcurrentActivityFunctions": 7,
              "MAXCONCURRENTORCHESTRATORFUNCTIONS": "9",
              "useAppLease": false,
              "overridableExistingInstanceStates": "anystate",
              "storageProvider": {
                "connectionName": "DurableStorage",
                "partitionCount": 2,
                "controlQueueBatchSize": 16,
                "controlQueueBufferThreshold": 64,
                "controlQueueVisibilityTimeout": "00:01:00",
                "workItemQueueVisibilityTimeout": "00:00:45",
                "maxQueuePollingInterval": "00:00:02",
                "useTablePartitionManagement": "false",
                "partitionTableOperationTimeout": "00:00:07",
                "partitionLeaseInterval": "00:00:20",
                "partitionLeaseAcquireInterval": "00:00:05",
                "partitionLeaseRenewInterval": "00:00:04",
                "somethingElse": true
              },
              "tracing": { "traceInputsAndOutputs": true }
            }
            """), Configuration());

        Assert.Equal("IkmaHub", settings.HubName);
        Assert.Equal(7, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(9, settings.MaxConcurrentOrchestratorFunctions);
        Assert.False(settings.UseAppLease);
        Assert.Equal(OverridableInstanceStates.AnyState, settings.OverridableExistingInstanceStates);
        Assert.Equal("DurableStorage", settings.ConnectionName);
        Assert.Equal(2, settings.PartitionCount);
        Assert.Equal(16, settings.ControlQueueBatchSize);
        Assert.Equal(64, settings.ControlQueueBufferThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxQueuePollingInterval);
        Assert.False(settings.UseTablePartitionManagement);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.PartitionTableOperationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.PartitionLeaseInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.PartitionLeaseAcquireInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), settings.PartitionLeaseRenewInterval);
    }

    [Fact]
    public void FromHostJson_HubNameAppSetting_ResolvesDoubleUnderscoreAsSectionSeparator()
    {
        var settings = DurableHostSettings.FromHostJson(Json("""{ "hubName": "%Durable__TaskHub%" }"""), Configuration(("Durable:TaskHub", "IkmaProd")));

        Assert.Equal("IkmaProd", settings.HubName);
    }

    [Fact]
    public void FromHostJson_HubNameAppSettingMissing_ThrowsNamingHubNameAndTheSetting()
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => DurableHostSettings.FromHostJson(Json("""{ "hubName": "%TaskHubName%" }"""), Configuration()));

        Assert.Equal("extensions.durableTask.hubName", failure.Key);
        Assert.Contains("TaskHubName", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHostJson_NoHubNameButSiteName_UsesTheSiteNameAsDurableFunctionsSanitizesIt()
    {
        var settings = DurableHostSettings.FromHostJson(default, Configuration(("WEBSITE_SITE_NAME", "1kma-prod-app")));

        Assert.Equal("t1kmaprodapp", settings.HubName);
    }

    [Theory]
    [InlineData("""{ "hubName": "ab" }""", "extensions.durableTask.hubName")]
    [InlineData("""{ "hubName": "ikma-hub" }""", "extensions.durableTask.hubName")]
    [InlineData("""{ "hubName": "1kma" }""", "extensions.durableTask.hubName")]
    [InlineData("""{ "maxConcurrentActivityFunctions": 0 }""", "extensions.durableTask.maxConcurrentActivityFunctions")]
    [InlineData("""{ "maxConcurrentOrchestratorFunctions": -1 }""", "extensions.durableTask.maxConcurrentOrchestratorFunctions")]
    [InlineData("""{ "storageProvider": { "partitionCount": 17 } }""", "extensions.durableTask.storageProvider.partitionCount")]
    [InlineData("""{ "storageProvider": { "controlQueueBatchSize": 33 } }""", "extensions.durableTask.storageProvider.controlQueueBatchSize")]
    [InlineData("""{ "storageProvider": { "controlQueueBufferThreshold": 1001 } }""", "extensions.durableTask.storageProvider.controlQueueBufferThreshold")]
    [InlineData("""{ "storageProvider": { "controlQueueVisibilityTimeout": "00:00:30" } }""", "extensions.durableTask.storageProvider.controlQueueVisibilityTimeout")]
    [InlineData("""{ "storageProvider": { "workItemQueueVisibilityTimeout": "00:00:05" } }""", "extensions.durableTask.storageProvider.workItemQueueVisibilityTimeout")]
    [InlineData("""{ "storageProvider": { "maxQueuePollingInterval": "00:00:00" } }""", "extensions.durableTask.storageProvider.maxQueuePollingInterval")]
    [InlineData("""{ "storageProvider": { "partitionLeaseInterval": "00:00:15" } }""", "extensions.durableTask.storageProvider.partitionLeaseInterval")]
    [InlineData("""{ "storageProvider": { "useTablePartitionManagement": false, "partitionLeaseInterval": "00:01:30" } }""", "extensions.durableTask.storageProvider.partitionLeaseInterval")]
    [InlineData("""{ "storageProvider": { "partitionLeaseAcquireInterval": "00:00:00" } }""", "extensions.durableTask.storageProvider.partitionLeaseAcquireInterval")]
    [InlineData("""{ "storageProvider": { "partitionTableOperationTimeout": "00:02:00" } }""", "extensions.durableTask.storageProvider.partitionTableOperationTimeout")]
    [InlineData("""{ "storageProvider": { "connectionName": " " } }""", "extensions.durableTask.storageProvider.connectionName")]
    public void FromHostJson_ValueOutOfRange_ThrowsNamingTheKey(string json, string key)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => DurableHostSettings.FromHostJson(Json(json), Configuration()));

        Assert.Equal(key, failure.Key);
        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "storageProvider": { "partitionCount": "four" } }""", "extensions.durableTask.storageProvider.partitionCount")]
    [InlineData("""{ "storageProvider": { "controlQueueVisibilityTimeout": 300 } }""", "extensions.durableTask.storageProvider.controlQueueVisibilityTimeout")]
    [InlineData("""{ "storageProvider": { "useTablePartitionManagement": "yes" } }""", "extensions.durableTask.storageProvider.useTablePartitionManagement")]
    [InlineData("""{ "storageProvider": 4 }""", "extensions.durableTask.storageProvider")]
    [InlineData("""{ "hubName": 42 }""", "extensions.durableTask.hubName")]
    [InlineData("""{ "overridableExistingInstanceStates": "Sometimes" }""", "extensions.durableTask.overridableExistingInstanceStates")]
    [InlineData("""{ "overridableExistingInstanceStates": "1" }""", "extensions.durableTask.overridableExistingInstanceStates")]
    [InlineData("""[]""", "extensions.durableTask")]
    public void FromHostJson_ValueOfTheWrongType_ThrowsNamingTheKey(string json, string key)
    {
        var failure = Assert.Throws<FunctionAppConfigurationException>(() => DurableHostSettings.FromHostJson(Json(json), Configuration()));

        Assert.Equal(key, failure.Key);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
