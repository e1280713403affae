using IkmaWorkflow.CustomHandler.Metadata;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.CustomHandler.Tests.Metadata;

public sealed class FunctionAppMetadataTests : IDisposable
{
    private readonly List<string> _roots = [];

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Load_SettingReferences_ResolvedFromAppSettings()
    {
        var app = Load(
            new() { ["Work"] = TestFunctionApp.QueueFunction("%TaskHub%-work") },
            new() { ["TaskHub"] = "ikma" });

        Assert.Equal("ikma-work", Assert.Single(app.Functions).Trigger.GetString("queueName"));
    }

    [Fact]
    public void Load_MissingSetting_NamesSettingAndFile()
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => Load(new() { ["Work"] = TestFunctionApp.QueueFunction("%TaskHub%-work") }, []));

        Assert.Contains("'%TaskHub%'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("Work", "function.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_NamesTheFile()
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => Load(new() { ["Work"] = "{ \"bindings\": [ " }, []));

        Assert.Contains(Path.Combine("Work", "function.json"), error.Source, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoTriggers_Rejected()
    {
        const string json = """{ "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "a", "queueName": "q1" }, { "type": "timerTrigger", "direction": "in", "name": "b", "schedule": "0 0 1 * * *" } ] }""";

        var error = Assert.Throws<FunctionAppConfigurationException>(() => Load(new() { ["Work"] = json }, []));

        Assert.Contains("exactly one trigger binding; this one has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DisabledByAppSetting_MarkedDisabled()
    {
        var app = Load(new() { ["Work"] = TestFunctionApp.QueueFunction("work"), ["Other"] = TestFunctionApp.QueueFunction("other") }, new() { ["AzureWebJobs.Work.Disabled"] = "true" });

        Assert.True(app.Functions.Single(f => f.Name == "Work").Disabled);
        Assert.False(app.Functions.Single(f => f.Name == "Other").Disabled);
    }

    [Fact]
    public void Load_HostJsonQueueSettings_ReadWithHostDefaultsForTheRest()
    {
        var app = Load([], [], """{ "version": "2.0", "extensions": { "queues": { "batchSize": 8, "maxDequeueCount": 3, "visibilityTimeout": "00:00:30" } } }""");

        Assert.Equal(8, app.Host.Queues.BatchSize);
        Assert.Equal(4, app.Host.Queues.NewBatchThreshold);
        Assert.Equal(3, app.Host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), app.Host.Queues.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), app.Host.Queues.MaxPollingInterval);
        Assert.True(app.Host.Queues.Base64Encoding);
    }

    [Theory]
    [InlineData("""{ "extensions": { "queues": { "batchSize": 64 } } }""", "extensions.queues.batchSize must be a whole number from 1 to 32")]
    [InlineData("""{ "extensions": { "queues": { "maxPollingInterval": "soon" } } }""", "extensions.queues.maxPollingInterval must be a duration")]
    [InlineData("""{ "extensions": { "queues": { "messageEncoding": "utf8" } } }""", "messageEncoding must be \"base64\" or \"none\"")]
    public void Load_InvalidHostJsonValue_NamesTheKey(string hostJson, string expected)
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => Load([], [], hostJson));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private FunctionAppMetadata Load(Dictionary<string, string> functions, Dictionary<string, string?> settings, string hostJson = TestFunctionApp.DefaultHostJson)
    {
        var root = TestFunctionApp.WriteScriptRoot(functions, hostJson);
        _roots.Add(root);
        return FunctionAppMetadata.Load(root, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }
}
