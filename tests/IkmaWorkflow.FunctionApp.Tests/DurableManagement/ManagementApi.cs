using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>
/// The management functions called directly, as the host calls them: a request is built as a
/// <see cref="DefaultHttpContext"/>, its route values are taken from the path (the routes of
/// <see cref="DurableManagementFunctions"/>), and the returned result is executed into the context to read the answer.
/// </summary>
internal sealed class ManagementApi
{
    /// <summary>The operator key the tests configure.</summary>
    public const string Key = "test-operator-key-7f3a9c2e41b8";

    /// <summary>Where the requests arrive, as the management URIs name it.</summary>
    public const string BaseAddress = "http://ikma.test:7071/";

    // Logging is all a result needs to execute (System.Text.Json web defaults, as the app's ASP.NET Core integration).
    private static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

    private readonly DurableTaskClient _client;
    private readonly string? _sentKey;

    /// <summary>The functions on <paramref name="client"/>, with app setting <c>OperatorKey</c> = <paramref name="configuredKey"/>.</summary>
    /// <param name="client">The durable client the functions are bound to.</param>
    /// <param name="configuredKey">The app setting; <see langword="null"/> leaves it unset.</param>
    /// <param name="sentKey">The key requests carry in the header unless told otherwise.</param>
    /// <param name="orchestrators">What <c>DurableStart</c> may start; the test orchestrators by default.</param>
    public ManagementApi(DurableTaskClient client, string? configuredKey = Key, string? sentKey = Key, OrchestratorNames? orchestrators = null)
    {
        _client = client;
        _sentKey = sentKey;
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(configuredKey is null ? [] : [new KeyValuePair<string, string?>(OperatorKey.SettingName, configuredKey)])
            .Build();

        // The operator path never touches the record store: it is built on clients that are never called.
        var store = new RecordStore(new TableServiceClient("UseDevelopmentStorage=true"), new BlobServiceClient("UseDevelopmentStorage=true"), "mgmt");
        var submissions = new FormSubmissions(store, TimeProvider.System, Options.Create(new JsonOptions()));
        var many = new RateLimitsOptions.Limit(1_000_000, TimeSpan.FromMinutes(1));
        var limits = new RateLimits(
            new RateLimitsOptions { Verify = many, FailedKeys = many, Forms = many, SignInPerAddress = many, SignInPerClient = many },
            new RateLimitsMeter(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RateLimits>.Instance);
        var api = new ApiCalls(store, OperatorKey.FromConfiguration(settings), submissions, limits, KeyLog);
        Functions = new DurableManagementFunctions(api, Log, orchestrators ?? TestOrchestrations.Names);
    }

    /// <summary>What the operator key check logged (<see cref="ApiCalls"/>).</summary>
    public RecordingLogger<ApiCalls> KeyLog { get; } = new();

    /// <summary>What the functions logged.</summary>
    public RecordingLogger<DurableManagementFunctions> Log { get; } = new();

    /// <summary>The functions under test.</summary>
    public DurableManagementFunctions Functions { get; }

    /// <summary>
    /// Calls the function that <paramref name="method"/> and <paramref name="pathAndQuery"/> (such as
    /// <c>api/durable/instances/x?showHistory=true</c>) route to. <paramref name="headers"/> replace the key header
    /// when they name it.
    /// </summary>
    public async Task<FunctionResponse> SendAsync(string method, string pathAndQuery, string? body = null, bool withKey = true, IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = NewContext(method, pathAndQuery, body);
        if (withKey && _sentKey is not null && headers?.ContainsKey(OperatorKey.HeaderName) != true)
        {
            context.Request.Headers[OperatorKey.HeaderName] = _sentKey;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        var result = await Route(context.Request);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEndAsync();
        var contentType = context.Response.ContentType?.Split(';')[0];
        return new FunctionResponse(method, pathAndQuery, context.Response.StatusCode, context.Response.Headers, contentType, text);
    }

    public Task<FunctionResponse> GetAsync(string pathAndQuery, bool withKey = true) => SendAsync("GET", pathAndQuery, withKey: withKey);

    public Task<FunctionResponse> PostAsync(string pathAndQuery, string? body = null) => SendAsync("POST", pathAndQuery, body);

    public Task<FunctionResponse> DeleteAsync(string pathAndQuery) => SendAsync("DELETE", pathAndQuery);

    /// <summary>Starts <paramref name="orchestrator"/> through the API and returns its id, failing the test unless it answered 202.</summary>
    public async Task<string> StartAsync(string orchestrator, string? input = null, string? instanceId = null)
    {
        var path = $"api/durable/orchestrators/{orchestrator}" + (instanceId is null ? string.Empty : $"?instanceId={Uri.EscapeDataString(instanceId)}");
        var response = await PostAsync(path, input);
        response.AssertStatus(StatusCodes.Status202Accepted);
        return response.Json.GetProperty("id").GetString()!;
    }

    /// <summary>The status URI the API gives for <paramref name="instanceId"/>.</summary>
    public static string StatusUri(string instanceId) => $"{BaseAddress}api/durable/instances/{Uri.EscapeDataString(instanceId)}";

    private static DefaultHttpContext NewContext(string method, string pathAndQuery, string? body)
    {
        var split = pathAndQuery.Split('?', 2);
        var context = new DefaultHttpContext { RequestServices = RequestServices };
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(new Uri(BaseAddress).Authority);
        context.Request.Path = PathString.FromUriComponent("/" + split[0]);
        context.Request.QueryString = split.Length > 1 ? new QueryString("?" + split[1]) : QueryString.Empty;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    // The routes of DurableManagementFunctions, with their values decoded as the host binds them.
    private Task<IResult> Route(HttpRequest request)
    {
        var path = request.Path.Value!;
        const string Prefix = "/api/durable/";
        Assert.StartsWith(Prefix, path, StringComparison.Ordinal);
        string[] segments = [.. path[Prefix.Length..].Split('/').Select(Uri.UnescapeDataString)];
        var none = CancellationToken.None;
        return (request.Method, segments) switch
        {
            ("POST", ["orchestrators", var name]) => Functions.StartAsync(request, name, _client, none),
            ("GET", ["instances"]) => Functions.ListAsync(request, _client, none),
            ("GET", ["instances", var id]) => Functions.StatusAsync(request, id, _client, none),
            ("DELETE", ["instances", var id]) => Functions.PurgeAsync(request, id, _client, none),
            ("POST", ["instances", var id, "raiseEvent", var eventName]) => Functions.RaiseEventAsync(request, id, eventName, _client, none),
            ("POST", ["instances", var id, "terminate"]) => Functions.TerminateAsync(request, id, _client, none),
            ("POST", ["instances", var id, "suspend"]) => Functions.SuspendAsync(request, id, _client, none),
            ("POST", ["instances", var id, "resume"]) => Functions.ResumeAsync(request, id, _client, none),
            _ => throw new InvalidOperationException($"No management function answers {request.Method} {path}."),
        };
    }
}
