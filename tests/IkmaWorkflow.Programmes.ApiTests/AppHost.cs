using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.FunctionApp.Durable;
using IkmaWorkflow.FunctionApp.Functions.Clock;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>
/// The whole function app in-process on a free port, composed by <see cref="IkmaWorkflowApp"/> exactly as
/// <c>Program.cs</c> does, with the function folders of its build output, its own record prefix and task hub, and a
/// fake clock the tests move.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    public const string OperatorKeyValue = "operator-key-for-api-tests-0123456789";

    private readonly string _scriptRoot;

    private AppHost(WebApplication app, string scriptRoot, int port, DemoClock clock, string prefix)
    {
        App = app;
        _scriptRoot = scriptRoot;
        Clock = clock;
        Prefix = prefix;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public WebApplication App { get; }

    public DemoClock Clock { get; }

    public string Prefix { get; }

    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts the app on <paramref name="connectionString"/> with the clock at <paramref name="nowUtc"/>; <paramref name="settings"/>
    /// adds or overrides app settings (keys with <c>:</c>).
    /// </summary>
    public static async Task<AppHost> StartAsync(string connectionString, DateTimeOffset nowUtc, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = Directory.CreateTempSubdirectory("ikma-api-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "host.json"), """
                { "version": "2.0", "extensions": { "http": { "routePrefix": "api" }, "queues": { "batchSize": 16, "newBatchThreshold": 8, "maxPollingInterval": "00:00:01", "visibilityTimeout": "00:00:01" } } }
                """);
            foreach (var folder in Directory.GetDirectories(AppOutputDirectory()).Where(d => File.Exists(Path.Combine(d, "function.json"))))
            {
                var target = Path.Combine(root, Path.GetFileName(folder));
                Directory.CreateDirectory(target);
                File.Copy(Path.Combine(folder, "function.json"), Path.Combine(target, "function.json"));
            }

            var port = FreePort.Next();
            var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [FunctionHostSettings.StorageKey] = connectionString,
                [FunctionHostSettings.ScriptRootKey] = root,
                [DurableFunctions.TaskHubSetting] = prefix,
                [ProgrammesApi.PrefixSetting] = prefix,
                [OperatorKey.SettingName] = OperatorKeyValue,
                ["Standalone:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Standalone:ShutdownTimeout"] = "00:00:02",
            });
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Configuration.AddAppDefaults();
            builder.Logging.ClearProviders();
            builder.AddIkmaWorkflow();
            // The app's own demo clock class, started where the test wants it; with DemoClock:Enabled in the settings,
            // PUT /api/clock moves this same instance.
            var clock = new DemoClock(nowUtc);
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);

            var app = builder.Build();
            app.UseIkmaWorkflow();
            await app.StartAsync();
            return new AppHost(app, root, port, clock, prefix);
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>A client sending <paramref name="headerName"/>: <paramref name="key"/> on every request.</summary>
    public HttpClient Client(string headerName, string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add(headerName, key);
        return client;
    }

    /// <summary>A client acting as the operator.</summary>
    public HttpClient Operator() => Client(OperatorKey.HeaderName, OperatorKeyValue);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_scriptRoot, recursive: true);
    }

    private static string AppOutputDirectory()
    {
        var assembly = typeof(AppHost).Assembly;
        var configuration = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var framework = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IkmaWorkflow.sln")))
            {
                return Path.Combine(directory.FullName, "src", "IkmaWorkflow.FunctionApp", "bin", configuration, $"net{framework.Version.Major}.{framework.Version.Minor}");
            }
        }

        throw new InvalidOperationException($"Could not find IkmaWorkflow.sln above '{AppContext.BaseDirectory}'.");
    }
}

/// <summary>HTTP helpers for the tests: send JSON, read JSON answers.</summary>
internal static class Http
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        return (response, await ReadAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostCsvAsync(this HttpClient client, string path, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await client.PostAsync(path, content);
        return (response, await ReadAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> PostMultipartAsync(this HttpClient client, string path, object data, byte[] file, string fileName, string contentType)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(JsonSerializer.Serialize(data), Encoding.UTF8, "application/json"), "data");
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(fileContent, "document", fileName);
        var response = await client.PostAsync(path, content);
        return (response, await ReadAsync(response));
    }

    public static async Task<JsonNode?> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync(response);
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
