using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.FunctionApp.Functions.Clock;
using IkmaWorkflow.FunctionApp.Pages;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Standalone;
using IkmaWorkflow.StandaloneHost;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>
/// The whole app in-process on a free port, composed by <see cref="StandaloneApp"/> exactly as the standalone host's
/// <c>Program.cs</c> does (the function app's functions, its durable engine on the private Azurite), with its own record
/// prefix and task hub, and a demo clock the tests move.
/// </summary>
internal sealed class AppHost : IAsyncDisposable
{
    public const string OperatorKeyValue = "operator-key-for-api-tests-0123456789";

    private AppHost(WebApplication app, int port, DemoClock clock, string prefix)
    {
        App = app;
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
    /// adds or overrides app settings (keys with <c>:</c>). With <c>DemoClock:Enabled</c> the clock is the app's own
    /// demo clock, shared through storage with every host of the same <paramref name="prefix"/> (record prefix and task
    /// hub; a new one by default); otherwise a clock of this process alone that the test sets.
    /// </summary>
    public static async Task<AppHost> StartAsync(string connectionString, DateTimeOffset nowUtc, IReadOnlyDictionary<string, string?>? settings = null, string? prefix = null)
    {
        var port = FreePort.Next();
        prefix ??= "t" + Guid.NewGuid().ToString("N")[..12];
        var demoClock = settings is not null && settings.TryGetValue("DemoClock:Enabled", out var enabled) && bool.TryParse(enabled, out var on) && on;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IkmaWorkflowApp.StorageSetting] = connectionString,
            [AppDefaults.TaskHubSetting] = prefix,
            [ProgrammesApi.PrefixSetting] = prefix,
            [OperatorKey.SettingName] = OperatorKeyValue,
            ["AzureFunctionsWebHost:hostid"] = prefix,
            ["Standalone:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Standalone:ShutdownTimeout"] = "00:00:02",

            // Links in emails (sign-in, follow-up) point at this app, as the public address does in Azure.
            ["FollowUp:PublicBaseAddress"] = $"http://127.0.0.1:{port}/",

            // The rate limits' defaults are made for people; the tests send hundreds of forms, bad keys and
            // verifications a minute, all from 127.0.0.1. The tests of the limits set their own (Security/RateLimitTests).
            ["RateLimits:Verify:Permits"] = "1000000",
            ["RateLimits:FailedKeys:Permits"] = "1000000",
            ["RateLimits:Forms:Permits"] = "1000000",
            ["RateLimits:SignInPerAddress:Permits"] = "1000000",
            ["RateLimits:SignInPerClient:Permits"] = "1000000",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        if (demoClock)
        {
            builder.Configuration["DemoClock:Start"] = nowUtc.ToString("O", CultureInfo.InvariantCulture);
        }

        builder.Logging.ClearProviders();
        builder.AddIkmaWorkflowStandalone();
        if (!demoClock)
        {
            // The app's demo clock class, unshared, set by the test (SetUtcNow) where it wants.
            var local = new DemoClock(nowUtc);
            builder.Services.AddSingleton(local);
            builder.Services.AddSingleton<TimeProvider>(local);
        }

        var app = builder.Build();
        var clock = app.Services.GetRequiredService<DemoClock>();
        app.MapStandaloneFunctions();
        await app.StartAsync();
        return new AppHost(app, port, clock, prefix);
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

    /// <summary>
    /// A browser with the session cookie of a new person <paramref name="personId"/> of <paramref name="organisationId"/>
    /// (added to the People table as the registration form would, the session opened as a used sign-in link opens it).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(string organisationId, string personId, PersonRole role)
    {
        var store = App.Services.GetRequiredService<RecordStore>();
        var email = $"{personId}@example.org";
        var person = new PersonEntity
        {
            PartitionKey = organisationId,
            RowKey = personId,
            SealedName = store.PersonalData.SealText("Orang " + personId),
            SealedEmail = store.PersonalData.SealText(email),
            EmailHash = store.PersonalData.EmailHash(email),
            Role = role.ToString(),
        };
        await store.People.UpsertEntityAsync(person);
        var organisation = await SignInRequests.OrganisationOfAsync(store, organisationId, CancellationToken.None);
        var (cookie, _) = await PersonSessions.OpenAsync(person, organisation!, "test", store, Clock, NullLogger.Instance, CancellationToken.None);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"{PageCookies.Session}={cookie}");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
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
