using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.FunctionApp.Functions.Clock;
using IkmaWorkflow.FunctionApp.Functions.Health;
using IkmaWorkflow.FunctionApp.Functions.Notifications;
using IkmaWorkflow.FunctionApp.Pages;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.FunctionApp;

/// <summary>
/// The services the app's functions need, shared by <c>Program.cs</c> (under the Functions host), the standalone host
/// and the tests. Functions themselves are found from their attributes, so nothing here lists them.
/// </summary>
public static class IkmaWorkflowApp
{
    /// <summary>The app setting holding the storage connection string; <c>UseDevelopmentStorage=true</c> is Azurite.</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>Registers every service of the app; each setting is checked here, so a bad one stops the start naming its key.</summary>
    public static IHostApplicationBuilder AddIkmaWorkflow(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = builder.Configuration[StorageSetting] is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
        builder.Services.AddSingleton(new TableServiceClient(storage, WithBoundedRetries(new TableClientOptions())));
        builder.Services.AddSingleton(new BlobServiceClient(storage, WithBoundedRetries(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06))));
        builder.Services.AddSingleton(new QueueServiceClient(storage, WithBoundedRetries(new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.None })));

        // Orchestration inputs, outputs, custom status and events are JSON through the worker's serializer (under both
        // hosts): camelCase like every other JSON answer of the app, read back whatever the case.
        builder.Services.Configure<JsonSerializerOptions>(json =>
        {
            json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.PropertyNameCaseInsensitive = true;
        });
        builder.AddDemoClock();
        builder.AddProgrammes();
        builder.AddFollowUps();
        builder.AddPrivacy();
        builder.AddNotifications();
        builder.Services.AddSingleton<StorageHealth>();
        builder.Services.AddSingleton<FormSubmissions>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton(RateLimitsOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<RateLimitsMeter>();
        builder.Services.AddSingleton<RateLimits>();
        builder.Services.AddSingleton<ApiCalls>();
        builder.Services.AddSingleton(PageOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<PageCalls>();
        return builder;
    }

    /// <summary>
    /// The storage clients' retries, bounded so that a request during a storage outage is answered 503 within seconds
    /// rather than after the SDK's defaults (3 retries from 0.8 s, 100 s network timeout): 2 retries 0.2 s and 0.4 s
    /// apart (at most 1 s), 10 s for one call. A refused connection thus fails in under a second (README, Reliability).
    /// </summary>
    public static T WithBoundedRetries<T>(T options)
        where T : Azure.Core.ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
