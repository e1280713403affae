using System.Collections.Concurrent;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Tests.Settings;

/// <summary><c>local.settings.json</c> read as Core Tools reads it: its <c>Values</c> beneath the environment.</summary>
public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _folder = StandaloneApp.WriteFolder(StandaloneApp.DefaultHostJson);

    public void Dispose() => StandaloneApp.DeleteFolder(_folder);

    [Fact]
    public void AddLocalSettings_FileAboveFolder_ValuesBetweenDefaultsAndEnvironment()
    {
        var variable = "IKMA_TEST_" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(_folder, LocalSettings.FileName), $$"""
            { "IsEncrypted": false, "Values": { "Standalone__HttpPort": 7080, "Defaulted": "file", "{{variable}}": "file" } }
            """);
        var nested = Directory.CreateDirectory(Path.Combine(_folder, "src", "app")).FullName;
        Environment.SetEnvironmentVariable(variable, "environment");
        try
        {
            var builder = new ConfigurationBuilder();
            builder.Sources.Add(new MemoryConfigurationSource { InitialData = new Dictionary<string, string?> { ["Defaulted"] = "default" } });
            builder.Sources.Add(new EnvironmentVariablesConfigurationSource());

            var found = builder.AddLocalSettings(nested);
            var configuration = builder.Build();

            Assert.Equal(Path.Combine(_folder, LocalSettings.FileName), found);
            Assert.Equal("7080", configuration["Standalone:HttpPort"]);
            Assert.Equal("file", configuration["Defaulted"]);
            Assert.Equal("environment", configuration[variable]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AddLocalSettings_ValueNotAScalar_NamesFileAndValue()
    {
        File.WriteAllText(Path.Combine(_folder, LocalSettings.FileName), """{ "Values": { "Nested": { "a": 1 } } }""");

        var error = Assert.Throws<FunctionAppConfigurationException>(() => new ConfigurationBuilder().AddLocalSettings(_folder));

        Assert.Equal(Path.Combine(_folder, LocalSettings.FileName), error.Key);
        Assert.Contains("Values.Nested must be a string, number or boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddStandaloneFunctions_LocalSettingsInContentRoot_Read()
    {
        var port = FreePort.Next();
        File.WriteAllText(Path.Combine(_folder, LocalSettings.FileName), $$"""{ "Values": { "Standalone__HttpPort": "{{port}}", "AzureFunctionsWebHost__hostid": "from-file" } }""");
        var builder = StandaloneApp.CreateBuilder(_folder, port: null, settings: null, new ConcurrentQueue<LogLine>());

        builder.AddStandaloneFunctions(FunctionCatalog.FromTypes([typeof(ItemFunctions)]), "ikma-standalone-tests");
        await using var app = builder.Build();

        Assert.Equal(port, app.Services.GetRequiredService<StandaloneOptions>().HttpPort);
        Assert.Equal("from-file", app.Services.GetRequiredService<FunctionHostSettings>().HostId);
    }

    [Fact]
    public async Task AddStandaloneFunctions_NoHostId_DefaultMadeFromTheAssemblyName()
    {
        var builder = StandaloneApp.CreateBuilder(_folder, FreePort.Next(), settings: null, new ConcurrentQueue<LogLine>());

        builder.AddStandaloneFunctions(typeof(LocalSettingsTests).Assembly);
        await using var app = builder.Build();

        Assert.Equal("ikmaworkflow-standalone-tests", app.Services.GetRequiredService<FunctionHostSettings>().HostId);
    }
}
