using System.Collections.Concurrent;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.CustomHandler.Tests;

/// <summary>
/// A function app built in the test from folders written to a temporary script root, started on a free port either
/// under a (simulated) Functions host or standalone.
/// </summary>
internal sealed class TestFunctionApp : IAsyncDisposable
{
    public const string DefaultHostJson = """
        { "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:01", "visibilityTimeout": "00:00:00" } } }
        """;

    private readonly string _scriptRoot;
    private bool _stopped;

    private TestFunctionApp(WebApplication app, string scriptRoot, Uri baseAddress, ConcurrentQueue<string> logs)
    {
        App = app;
        Logs = logs;
        _scriptRoot = scriptRoot;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every log line of Information or above the app wrote.</summary>
    public ConcurrentQueue<string> Logs { get; }

    /// <summary>Writes the app folder and starts it.</summary>
    /// <param name="functions">Function name → <c>function.json</c> text.</param>
    /// <param name="settings">App settings; <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set to "auto" picks a free port for host mode.</param>
    /// <param name="register">Registers handlers and services.</param>
    /// <param name="map">Maps HTTP endpoints.</param>
    /// <param name="hostJson">The <c>host.json</c> text.</param>
    public static async Task<TestFunctionApp> StartAsync(
        IReadOnlyDictionary<string, string> functions,
        Dictionary<string, string?> settings,
        Action<WebApplicationBuilder>? register = null,
        Action<WebApplication>? map = null,
        string hostJson = DefaultHostJson,
        string? scriptRoot = null)
    {
        scriptRoot ??= WriteScriptRoot(functions, hostJson);
        var port = FreePort.Next();
        settings = new Dictionary<string, string?>(settings) { [FunctionHostSettings.ScriptRootKey] = scriptRoot };
        if (settings.TryGetValue(FunctionHostSettings.CustomHandlerPortKey, out var hostPort) && hostPort == "auto")
        {
            settings[FunctionHostSettings.CustomHandlerPortKey] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            settings["Standalone:HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CollectingLoggerProvider(logs));
        builder.AddCustomHandler();
        register?.Invoke(builder);
        var app = builder.Build();
        map?.Invoke(app);
        app.MapCustomHandler();
        await app.StartAsync();
        return new TestFunctionApp(app, scriptRoot, new Uri($"http://127.0.0.1:{port}/"), logs);
    }

    public static string WriteScriptRoot(IReadOnlyDictionary<string, string> functions, string hostJson = DefaultHostJson)
    {
        var root = Path.Combine(Path.GetTempPath(), "ikma-app-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "host.json"), hostJson);
        foreach (var (name, json) in functions)
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            File.WriteAllText(Path.Combine(root, name, "function.json"), json);
        }

        return root;
    }

    public static string QueueFunction(string queueName, string bindingName = "message") => $$"""
        { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "{{bindingName}}", "queueName": "{{queueName}}", "connection": "AzureWebJobsStorage" } ] }
        """;

    public static string TimerFunction(string schedule, bool? useMonitor = null, string bindingName = "timer") => $$"""
        { "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "{{bindingName}}", "schedule": "{{schedule}}"{{(useMonitor is { } m ? $", \"useMonitor\": {(m ? "true" : "false")}" : "")}} } ] }
        """;

    public static string HttpFunction(string route, params string[] methods) => $$"""
        { "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "route": "{{route}}", "methods": [{{string.Join(", ", methods.Select(m => $"\"{m}\""))}}] }, { "type": "http", "direction": "out", "name": "res" } ] }
        """;

    /// <summary>Stops the app as a host shutdown does, letting in-flight work finish within the grace period.</summary>
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
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_scriptRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CollectingLogger(lines, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class CollectingLogger(ConcurrentQueue<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
    }
}
