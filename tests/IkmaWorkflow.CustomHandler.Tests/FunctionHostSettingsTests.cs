using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.CustomHandler.Tests;

public sealed class FunctionHostSettingsTests
{
    [Fact]
    public void Read_NothingSet_DefaultsToAzuriteStandalone()
    {
        var settings = FunctionHostSettings.Read(Configuration([]));

        Assert.Equal("UseDevelopmentStorage=true", settings.Storage);
        Assert.False(settings.IsHostMode);
        Assert.Equal("ikma-workflow", settings.HostId);
    }

    [Fact]
    public void Read_CustomHandlerPort_MeansHostMode()
    {
        var settings = FunctionHostSettings.Read(Configuration(new() { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "40123" }));

        Assert.True(settings.IsHostMode);
        Assert.Equal(40123, settings.CustomHandlerPort);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated", "FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_CUSTOMHANDLER_PORT", "70000", "FUNCTIONS_CUSTOMHANDLER_PORT")]
    [InlineData("AzureWebJobsStorage", "not a connection string", "AzureWebJobsStorage")]
    [InlineData("AzureFunctionsWebHost:hostid", "Ikma Workflow", "AzureFunctionsWebHost__hostid")]
    [InlineData("AzureWebJobsScriptRoot", "/no/such/folder", "AzureWebJobsScriptRoot")]
    public void Read_InvalidValue_NamesTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionHostSettings.Read(Configuration(new() { [key] = value })));

        Assert.StartsWith(named + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLocalSettings_ValuesFile_ReadBeneathEnvironment()
    {
        var folder = Directory.CreateTempSubdirectory("ikma-settings-").FullName;
        try
        {
            var nested = Directory.CreateDirectory(Path.Combine(folder, "src", "app")).FullName;
            File.WriteAllText(Path.Combine(folder, "local.settings.json"), """
                { "IsEncrypted": false, "Values": { "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Standalone__HttpPort": 7080, "Overridden": "file" } }
                """);
            var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Overridden"] = "environment" });

            var found = builder.AddLocalSettings(nested);
            var configuration = builder.Build();

            Assert.Equal(Path.Combine(folder, "local.settings.json"), found);
            Assert.Equal("7080", configuration["Standalone:HttpPort"]);
            Assert.Equal("environment", configuration["Overridden"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
