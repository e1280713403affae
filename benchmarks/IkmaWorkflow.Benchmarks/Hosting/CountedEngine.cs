using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using IkmaWorkflow.Standalone.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>
/// Puts a <see cref="TransactionCountingPolicy"/> into every storage client of the app's durable engine: the
/// <see cref="AzureStorageOrchestrationService"/> that <c>AddStandaloneDurableTask</c> registered is replaced by one
/// with the same settings whose <see cref="AzureStorageOrchestrationServiceSettings.StorageAccountClientProvider"/>
/// wraps the connection-string providers in <see cref="CountingClientProvider{TClient, TOptions}"/>.
/// </summary>
/// <remarks>
/// The standalone host builds the engine's settings in an internal method
/// (<c>DurableHostSettings.ToOrchestrationServiceSettings</c>), so this mirrors it field by field from the same
/// <see cref="DurableHostSettings"/> the host read from host.json; a property added there stops the benchmark with a
/// message until it is copied here too.
/// Everything that reaches the engine is counted: its own polling, leases and commits, the sidecar's calls for the
/// durable client (the app's and the benchmark's). The app's own tables, queues and blobs (records, certificates, the
/// email queue, the demo clock) go through other clients and are not counted.
/// </remarks>
internal static class CountedEngine
{
    private const string SiteNameSetting = "WEBSITE_SITE_NAME";

    // Every DurableHostSettings property this class knows: copied below, used to find the connection string, or (the
    // last) read by the sidecar rather than the engine. A property added to the host stops the benchmark (Replace)
    // until it is handled here, instead of silently measuring an engine set up differently from the app's.
    private static readonly HashSet<string> KnownSettings =
    [
        nameof(DurableHostSettings.HubName), nameof(DurableHostSettings.ConnectionName), nameof(DurableHostSettings.PartitionCount),
        nameof(DurableHostSettings.ControlQueueBatchSize), nameof(DurableHostSettings.ControlQueueBufferThreshold),
        nameof(DurableHostSettings.ControlQueueVisibilityTimeout), nameof(DurableHostSettings.WorkItemQueueVisibilityTimeout),
        nameof(DurableHostSettings.MaxQueuePollingInterval), nameof(DurableHostSettings.MaxConcurrentActivityFunctions),
        nameof(DurableHostSettings.MaxConcurrentOrchestratorFunctions), nameof(DurableHostSettings.UseTablePartitionManagement),
        nameof(DurableHostSettings.PartitionTableOperationTimeout), nameof(DurableHostSettings.PartitionLeaseInterval),
        nameof(DurableHostSettings.PartitionLeaseAcquireInterval), nameof(DurableHostSettings.PartitionLeaseRenewInterval),
        nameof(DurableHostSettings.UseAppLease), nameof(DurableHostSettings.OverridableExistingInstanceStates),
    ];

    /// <summary>Replaces the engine registered in <paramref name="services"/> with a counted one.</summary>
    /// <exception cref="InvalidOperationException">
    /// The standalone host's durable engine is not registered, or its settings have a property this class does not copy.
    /// </exception>
    public static void Replace(IServiceCollection services, IConfiguration configuration, TransactionCounter counter)
    {
        if (typeof(DurableHostSettings).GetProperties().FirstOrDefault(p => !KnownSettings.Contains(p.Name)) is { } unknown)
        {
            throw new InvalidOperationException(
                $"DurableHostSettings.{unknown.Name} is new: copy it into the counted engine's settings in benchmarks/IkmaWorkflow.Benchmarks/Hosting/CountedEngine.cs (as DurableHostSettings.ToOrchestrationServiceSettings does), then add it to KnownSettings.");
        }

        var host = services.Select(d => d.ImplementationInstance).OfType<DurableHostSettings>().SingleOrDefault()
            ?? throw new InvalidOperationException("The standalone durable engine is not registered: call AddIkmaWorkflowStandalone first.");
        var connectionString = configuration[host.ConnectionName]
            ?? throw new InvalidOperationException($"The setting {host.ConnectionName} with the task hub's storage is missing.");

        services.RemoveAll<AzureStorageOrchestrationService>();
        services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(
                new CountingClientProvider<BlobServiceClient, BlobClientOptions>(StorageServiceClientProvider.ForBlob(connectionString), counter, StorageService.Blob),
                new CountingClientProvider<QueueServiceClient, QueueClientOptions>(StorageServiceClientProvider.ForQueue(connectionString), counter, StorageService.Queue),
                new CountingClientProvider<TableServiceClient, TableClientOptions>(StorageServiceClientProvider.ForTable(connectionString), counter, StorageService.Table)),
            TaskHubName = host.HubName,
            AppName = configuration[SiteNameSetting] ?? string.Empty,
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-benchmark",
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            PartitionCount = host.PartitionCount,
            ControlQueueBatchSize = host.ControlQueueBatchSize,
            ControlQueueBufferThreshold = host.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = host.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = host.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = host.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = host.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = host.MaxConcurrentOrchestratorFunctions,
            UseTablePartitionManagement = host.UseTablePartitionManagement,
            PartitionTableOperationTimeout = host.PartitionTableOperationTimeout,
            LeaseInterval = host.PartitionLeaseInterval,
            LeaseAcquireInterval = host.PartitionLeaseAcquireInterval,
            LeaseRenewInterval = host.PartitionLeaseRenewInterval,
            UseAppLease = host.UseAppLease,
            ThrowExceptionOnInvalidDedupeStatus = true,
        }));
    }
}
