using System.Collections.Concurrent;
using System.Globalization;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests;

/// <summary>
/// An app that runs a few test functions on the standalone host, as a function app's executable would: its own
/// folder (content root and <c>host.json</c>), a free HTTP port, a <see cref="Probe"/> the functions report to, and
/// every log line kept.
/// </summary>
internal sealed class StandaloneApp : IAsyncDisposable
{
    /// <summary>A <c>host.json</c> with queues polled at least every second.</summary>
    public const string DefaultHostJson = """{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:01" } } }""";

    private readonly string _folder;
    private bool _stopped;

    private StandaloneApp(WebApplication app, string folder, int port, ConcurrentQueue<LogLine> logs)
    {
        App = app;
        _folder = folder;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Eventually.Patience };
        Port = port;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Probe Probe => App.Services.GetRequiredService<Probe>();

    /// <summary>A client on the app's port at 127.0.0.1.</summary>
    public HttpClient Http { get; }

    public int Port { get; }

    /// <summary>Every line the app logged, at every level.</summary>
    public ConcurrentQueue<LogLine> Logs { get; }

    /// <summary>Writes the app's folder, builds the app over <paramref name="functions"/> and starts it.</summary>
    /// <param name="functions">The classes whose functions the app runs.</param>
    /// <param name="settings">App settings, as configuration keys (<c>Section:Key</c>).</param>
    /// <param name="hostJson">The <c>host.json</c> text.</param>
    /// <param name="services">Registers or replaces services after the standalone host's (a clock, a mocked client).</param>
    public static async Task<StandaloneApp> StartAsync(
        Type[] functions,
        Dictionary<string, string?>? settings = null,
        string hostJson = DefaultHostJson,
        Action<IServiceCollection>? services = null)
    {
        var folder = WriteFolder(hostJson);
        try
        {
            var port = FreePort.Next();
            var logs = new ConcurrentQueue<LogLine>();
            var builder = CreateBuilder(folder, port, settings, logs);
            builder.AddStandaloneFunctions(FunctionCatalog.FromTypes(functions), "ikma-standalone-tests");
            services?.Invoke(builder.Services);
            var app = builder.Build();
            app.MapStandaloneFunctions();
            await app.StartAsync();
            return new StandaloneApp(app, folder, port, logs);
        }
        catch
        {
            DeleteFolder(folder);
            throw;
        }
    }

    /// <summary>Builds an app over <paramref name="functions"/> that must not start, and returns why.</summary>
    public static async Task<FunctionAppConfigurationException> StartupErrorAsync(
        Type[] functions,
        Dictionary<string, string?>? settings = null,
        string? hostJson = DefaultHostJson,
        Action<IServiceCollection>? services = null)
    {
        var folder = WriteFolder(hostJson);
        try
        {
            return await Assert.ThrowsAsync<FunctionAppConfigurationException>(async () =>
            {
                var builder = CreateBuilder(folder, FreePort.Next(), settings, new ConcurrentQueue<LogLine>());
                builder.AddStandaloneFunctions(FunctionCatalog.FromTypes(functions), "ikma-standalone-tests");
                services?.Invoke(builder.Services);
                await using var app = builder.Build();
                app.MapStandaloneFunctions();
            });
        }
        finally
        {
            DeleteFolder(folder);
        }
    }

    /// <summary>
    /// A builder whose content root and script root are <paramref name="folder"/>, listening on <paramref name="port"/>
    /// (or on what the settings say when null).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string folder, int? port, Dictionary<string, string?>? settings, ConcurrentQueue<LogLine> logs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder });
        var all = new Dictionary<string, string?> { [FunctionHostSettings.ScriptRootKey] = folder };
        if (port is { } listen)
        {
            all["Standalone:HttpPort"] = listen.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new CollectingLoggerProvider(logs));
        builder.Services.AddSingleton<Probe>();
        return builder;
    }

    /// <summary>A new temporary folder holding <paramref name="hostJson"/> as <c>host.json</c> (none when null).</summary>
    public static string WriteFolder(string? hostJson)
    {
        var folder = Directory.CreateTempSubdirectory("ikma-standalone-").FullName;
        if (hostJson is not null)
        {
            File.WriteAllText(Path.Combine(folder, HostSettings.FileName), hostJson);
        }

        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; failing a test over it is not.
        }
    }

    /// <summary>Whether the app logged event <paramref name="eventId"/> with a message containing <paramref name="text"/>.</summary>
    public bool Logged(int eventId, string text = "") =>
        Logs.Any(l => l.EventId == eventId && l.Message.Contains(text, StringComparison.Ordinal));

    /// <summary>Stops the app as a shutdown does, letting in-flight work finish within the grace period.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        await App.DisposeAsync();
        DeleteFolder(_folder);
    }
}
