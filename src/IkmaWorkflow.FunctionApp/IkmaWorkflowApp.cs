using System.Text.Json;
using Azure.Data.Tables;
using Azure.Monitor.OpenTelemetry.Exporter;
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
using IkmaWorkflow.Standalone.Storage;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IkmaWorkflow.FunctionApp;

/// <summary>
/// The services the app's functions need, shared by <c>Program.cs</c> (under the Functions host), the standalone host
/// and the tests. Functions themselves are found from their attributes, so nothing here lists them.
/// </summary>
public static class IkmaWorkflowApp
{
    /// <summary>
    /// The app setting of the storage account: a connection string (<c>UseDevelopmentStorage=true</c> is Azurite) or
    /// the identity-based form, <c>AzureWebJobsStorage__accountName</c> with <c>__credential</c> and <c>__clientId</c>.
    /// </summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>Registers every service of the app; each setting is checked here, so a bad one stops the start naming its key.</summary>
    public static IHostApplicationBuilder AddIkmaWorkflow(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var storage = StorageConnection.Read(builder.Configuration, StorageSetting, (key, problem) => new AppSettingException(key, problem));
        builder.Services.AddSingleton(storage.CreateTableServiceClient(WithBoundedRetries(new TableClientOptions())));
        builder.Services.AddSingleton(storage.CreateBlobServiceClient(WithBoundedRetries(new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06))));
        builder.Services.AddSingleton(storage.CreateQueueServiceClient(WithBoundedRetries(new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.None })));
        builder.AddTelemetry();

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

    /// <summary>The setting that holds Application Insights' connection string; set in Azure, traces and metrics go there.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that, <c>true</c>, writes traces and metrics to the console (locally; default false).</summary>
    public const string ConsoleTelemetrySetting = "Telemetry:Console";

    // OpenTelemetry, only when something receives it (docs/telemetry.md): Application Insights when its connection
    // string is set, the console when Telemetry__Console is true. Otherwise nothing is registered, so tests and ./run
    // stay quiet and no span is recorded for nobody.
    private static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var applicationInsights = builder.Configuration[ApplicationInsightsSetting];
        var consoleText = builder.Configuration[ConsoleTelemetrySetting];
        var console = false;
        if (!string.IsNullOrWhiteSpace(consoleText) && !bool.TryParse(consoleText, out console))
        {
            throw new AppSettingException("Telemetry__Console", $"must be true or false, not \"{consoleText}\".");
        }

        if (string.IsNullOrWhiteSpace(applicationInsights) && !console)
        {
            return;
        }

        // The Azure SDK's storage clients trace their calls through ActivitySources named Azure.* only with this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.UseFunctionsWorkerDefaults();
        telemetry.WithTracing(tracing =>
        {
            // The app's spans, the storage SDK's, the Durable Task worker's (orchestrations and activities, with
            // durabletask.task.instance_id) and the isolated worker's function invocations.
            tracing.AddSource(Telemetry.Name, "Azure.*", "Microsoft.DurableTask", "Microsoft.DurableTask.*", "Microsoft.Azure.Functions.Worker");
            if (!string.IsNullOrWhiteSpace(applicationInsights))
            {
                tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = applicationInsights);
            }

            if (console)
            {
                tracing.AddConsoleExporter();
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Telemetry.Name, RateLimitsMeter.MeterName);
            if (!string.IsNullOrWhiteSpace(applicationInsights))
            {
                metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = applicationInsights);
            }

            if (console)
            {
                metrics.AddConsoleExporter();
            }
        });
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
