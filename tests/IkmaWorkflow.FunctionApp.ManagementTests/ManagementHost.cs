using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.FunctionApp.Durable;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>
/// The management API as the function app hosts it, in-process on a free Kestrel port: the app's own
/// <c>AddDurableFunctions</c>, <c>AddDurableManagement</c> and <c>MapDurableManagement</c>, standalone queue triggers
/// feeding the durable worker, and a script root holding the function folders of the app's build output, so the
/// start-up consistency check judges the folders the app ships.
/// </summary>
internal sealed class ManagementHost : IAsyncDisposable
{
    private const string SolutionFileName = "IkmaWorkflow.sln";

    private readonly string _scriptRoot;

    private ManagementHost(WebApplication app, string scriptRoot, int port)
    {
        App = app;
        _scriptRoot = scriptRoot;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public WebApplication App { get; }

    /// <summary>Where the app listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the app on <paramref name="connectionString"/> with a task hub of its own.</summary>
    /// <param name="connectionString">The storage account.</param>
    /// <param name="operatorKey">App setting <c>OperatorKey</c>; <see langword="null"/> leaves it unset.</param>
    /// <param name="register">Adds the orchestrators and activities.</param>
    public static async Task<ManagementHost> StartAsync(string connectionString, string? operatorKey, Action<DurableTaskRegistry> register)
    {
        var root = Directory.CreateTempSubdirectory("ikma-management-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "host.json"), """
                { "version": "2.0", "extensions": { "http": { "routePrefix": "api" }, "queues": { "batchSize": 32, "newBatchThreshold": 16, "maxPollingInterval": "00:00:01", "visibilityTimeout": "00:00:01" } } }
                """);
            foreach (var function in DurableManagementApi.FunctionNames.Concat(["DurableOrchestrations", "DurableActivities"]))
            {
                var source = Path.Combine(AppOutputDirectory(), function, "function.json");
                Assert.True(File.Exists(source), $"The function app's build output has no {function}/function.json ({source}).");
                Directory.CreateDirectory(Path.Combine(root, function));
                File.Copy(source, Path.Combine(root, function, "function.json"));
            }

            var port = FreePort.Next();
            var settings = new Dictionary<string, string?>
            {
                [FunctionHostSettings.StorageKey] = connectionString,
                [FunctionHostSettings.ScriptRootKey] = root,
                [DurableFunctions.TaskHubSetting] = "mg" + Guid.NewGuid().ToString("N")[..10],
                ["Standalone:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Standalone:ShutdownTimeout"] = "00:00:02",
            };
            if (operatorKey is not null)
            {
                settings[OperatorKey.SettingName] = operatorKey;
            }

            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.AddCustomHandler();
            builder.AddStorage();
            builder.AddDurableFunctions(register);
            builder.AddDurableManagement();

            var app = builder.Build();
            app.MapDurableManagement();
            app.MapCustomHandler();
            app.UseDurableFunctions();
            await app.StartAsync();
            return new ManagementHost(app, root, port);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_scriptRoot, recursive: true);
    }

    // The project reference builds the app with this assembly's configuration; its output folder is a function app root.
    private static string AppOutputDirectory()
    {
        var assembly = typeof(ManagementHost).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var framework = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return Path.Combine(directory.FullName, "src", "IkmaWorkflow.FunctionApp", "bin", configuration, $"net{framework.Version.Major}.{framework.Version.Minor}");
            }
        }

        throw new InvalidOperationException($"Could not find {SolutionFileName} above '{AppContext.BaseDirectory}'.");
    }
}
