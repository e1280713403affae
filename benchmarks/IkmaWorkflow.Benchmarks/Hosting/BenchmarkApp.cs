using System.Globalization;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Standalone;
using IkmaWorkflow.StandaloneHost;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>
/// A private Azurite and the whole app in this process, composed by <see cref="StandaloneApp"/> as the standalone
/// host's <c>Program.cs</c> composes it (the function app's functions, its timers and queue listeners, its durable
/// engine), on a free port, with the demo clock on, a record prefix and task hub of its own, the engine's storage
/// clients counted (<see cref="CountedEngine"/>) and the engine scenarios' orchestrators added to its worker.
/// </summary>
internal sealed class BenchmarkApp : IAsyncDisposable
{
    /// <summary>The operator key the app is started with.</summary>
    public const string OperatorKeyValue = "benchmark-operator-key-0123456789abcdef";

    private readonly AzuriteInstance _azurite;
    private readonly WebApplication _app;
    private readonly DirectoryInfo _contentRoot;

    private BenchmarkApp(AzuriteInstance azurite, WebApplication app, DirectoryInfo contentRoot, int port, string prefix, TransactionCounter transactions)
    {
        _azurite = azurite;
        _app = app;
        _contentRoot = contentRoot;
        Prefix = prefix;
        Transactions = transactions;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Durable = app.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The app's address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The prefix of the app's tables, queues and containers, and its task hub.</summary>
    public string Prefix { get; }

    /// <summary>The durable engine's storage transactions.</summary>
    public TransactionCounter Transactions { get; }

    /// <summary>The app's own durable client (through its in-process sidecar, so its calls are counted too).</summary>
    public DurableTaskClient Durable { get; }

    /// <summary>Azurite's connection string.</summary>
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>
    /// Starts Azurite and the app with its demo clock at <paramref name="clockStart"/>; the app's warnings and errors
    /// go to standard error. <paramref name="settings"/> adds or overrides app settings (keys with <c>:</c>).
    /// </summary>
    public static async Task<BenchmarkApp> StartAsync(DateTimeOffset clockStart, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var azurite = await AzuriteInstance.StartAsync(cancellationToken);
        // An empty content root: the standalone host reads local.settings.json from it or any folder above, and a
        // developer's own (with a SendGrid key, say) must not reach the benchmark.
        var contentRoot = Directory.CreateTempSubdirectory("ikma-benchmark-");
        try
        {
            var port = FreePort.Next();
            var prefix = "bench" + Guid.NewGuid().ToString("N")[..10];
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot.FullName });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [IkmaWorkflowApp.StorageSetting] = azurite.ConnectionString,
                [AppDefaults.TaskHubSetting] = prefix,
                [ProgrammesApi.PrefixSetting] = prefix,
                [OperatorKey.SettingName] = OperatorKeyValue,
                ["AzureFunctionsWebHost:hostid"] = prefix,
                ["Standalone:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Standalone:ShutdownTimeout"] = "00:00:02",
                // As ./run --demo and the demo-data command need it: the clock jumps by days, timers look every second.
                ["DemoClock:Enabled"] = "true",
                ["DemoClock:Start"] = clockStart.ToString("O", CultureInfo.InvariantCulture),
                ["Standalone:TimerClockCheckInterval"] = "00:00:01",
                // Emails go to the app's blob container, never out, whatever the environment says.
                [$"{SendGridOptions.SectionName}:{nameof(SendGridOptions.ApiKey)}"] = string.Empty,
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddIkmaWorkflowStandalone();

            var transactions = new TransactionCounter();
            CountedEngine.Replace(builder.Services, builder.Configuration, transactions);
            EngineWorkflows.Add(builder.Services);

            var app = builder.Build();
            app.MapStandaloneFunctions();
            await app.StartAsync(cancellationToken);
            return new BenchmarkApp(azurite, app, contentRoot, port, prefix, transactions);
        }
        catch
        {
            await azurite.DisposeAsync();
            contentRoot.Delete();
            throw;
        }
    }

    /// <summary>An HTTP client for the app, sending no key.</summary>
    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Stops the app, then Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            await _azurite.DisposeAsync();
            _contentRoot.Delete();
        }
    }
}
