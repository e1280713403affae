using System.Text.Json;
using IkmaWorkflow.Standalone.Durable;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Tests.Settings;

/// <summary><c>host.json</c> as the standalone host reads it.</summary>
public sealed class HostSettingsTests : IDisposable
{
    private readonly string _folder = StandaloneApp.WriteFolder(hostJson: null);

    public void Dispose() => StandaloneApp.DeleteFolder(_folder);

    [Fact]
    public void Load_NoExtensions_HostDefaults()
    {
        var settings = Load("""{ "version": "2.0" }""");

        Assert.Equal("api", settings.HttpRoutePrefix);
        Assert.Equal(new QueueTriggerSettings(), settings.Queues);
        Assert.Equal(16, settings.Queues.BatchSize);
        Assert.Equal(8, settings.Queues.NewBatchThreshold);
        Assert.True(settings.Queues.Base64Encoding);
    }

    [Fact]
    public void Load_EveryValueSet_ReadsEach()
    {
        var settings = Load("""
            { "version": "2.0",
              // comments are allowed, as the host allows them
              "extensions": {
                "http": { "routePrefix": "/v2/" },
                "queues": { "batchSize": 4, "newBatchThreshold": 1, "maxPollingInterval": "00:00:02", "visibilityTimeout": "00:00:05",
                            "maxDequeueCount": 3, "messageEncoding": "none" } } }
            """);

        Assert.Equal("v2", settings.HttpRoutePrefix);
        Assert.Equal(
            new QueueTriggerSettings { BatchSize = 4, NewBatchThreshold = 1, MaxPollingInterval = TimeSpan.FromSeconds(2), VisibilityTimeout = TimeSpan.FromSeconds(5), MaxDequeueCount = 3, Base64Encoding = false },
            settings.Queues);
    }

    [Fact]
    public void Load_BatchSizeSetAlone_ThresholdIsHalfOfIt()
    {
        Assert.Equal(2, Load("""{ "extensions": { "queues": { "batchSize": 4 } } }""").Queues.NewBatchThreshold);
    }

    [Fact]
    public void Load_DurableTaskSection_KeepsItForTheDurableSettings()
    {
        var settings = Load("""{ "extensions": { "durableTask": { "hubName": "IkmaHub", "storageProvider": { "partitionCount": 2 } } } }""");

        var durable = DurableHostSettings.FromHostJson(settings.DurableTask, new ConfigurationBuilder().Build());

        Assert.Equal(("IkmaHub", 2), (durable.HubName, durable.PartitionCount));
    }

    [Fact]
    public void Load_NoDurableTaskSection_LeavesItUndefined()
    {
        Assert.Equal(JsonValueKind.Undefined, Load("""{ "extensions": { "http": { "routePrefix": "api" } } }""").DurableTask.ValueKind);
    }

    [Theory]
    [InlineData("""{ "extensions": { "queues": { "batchSize": 64 } } }""", "extensions.queues.batchSize must be a whole number from 1 to 32, not 64")]
    [InlineData("""{ "extensions": { "queues": { "maxDequeueCount": "five" } } }""", "extensions.queues.maxDequeueCount")]
    [InlineData("""{ "extensions": { "queues": { "maxPollingInterval": "00:00:00.010" } } }""", "extensions.queues.maxPollingInterval must be a duration")]
    [InlineData("""{ "extensions": { "queues": { "messageEncoding": "utf8" } } }""", "extensions.queues.messageEncoding must be \"base64\" or \"none\"")]
    [InlineData("""{ "extensions": { "http": { "routePrefix": 1 } } }""", "extensions.http.routePrefix must be a string")]
    [InlineData("""{ "extensions": { "queues": [] } }""", "extensions.queues must be an object")]
    [InlineData("""{ "extensions": """, "host.json is not valid JSON")]
    public void Load_InvalidValue_NamesFileAndValue(string json, string expected)
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => Load(json));

        Assert.Equal(Path.Combine(_folder, "host.json"), error.Key);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoFile_SaysItIsMissing()
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => HostSettings.Load(_folder));

        Assert.Contains("host.json is missing", error.Message, StringComparison.Ordinal);
    }

    private HostSettings Load(string json)
    {
        File.WriteAllText(Path.Combine(_folder, "host.json"), json);
        return HostSettings.Load(_folder);
    }
}
