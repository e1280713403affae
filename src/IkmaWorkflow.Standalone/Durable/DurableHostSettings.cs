using System.Globalization;
using DurableTask.AzureStorage;
using IkmaWorkflow.Standalone.Storage;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The durable engine's settings: what the standalone host reads from the function app's <c>host.json</c>
/// <c>extensions.durableTask</c> section (<see cref="FromHostJson"/>), with Durable Functions' defaults.
/// </summary>
/// <remarks>
/// <para>The Durable Functions keys mean what they mean on the platform (Durable Functions 3.x on Azure Storage, the
/// extension the isolated worker's <c>Microsoft.Azure.Functions.Worker.Extensions.DurableTask</c> 1.22 loads), so a
/// deployment and this host agree on storage names and behaviour. The defaults are the platform's on a dedicated
/// plan; none is changed.</para>
/// <para>Three keys are the standalone host's own: <c>storageProvider.partitionLeaseInterval</c>,
/// <c>partitionLeaseAcquireInterval</c> and <c>partitionLeaseRenewInterval</c>. Durable Functions has no such keys
/// (it ignores them and always uses the engine's defaults, which are the defaults here), but they bound how soon the
/// partitions of a process that died are taken over, so tests and operators can shorten them.</para>
/// <para>How soon work held by a killed process continues elsewhere: its partitions (and the orchestrations in them)
/// can be claimed <see cref="PartitionLeaseInterval"/> after its last lease renewal, by the next partition check
/// (every <see cref="PartitionLeaseAcquireInterval"/>); the control-queue messages it had dequeued become visible
/// again <see cref="ControlQueueVisibilityTimeout"/> after it last renewed them, its activity messages
/// <see cref="WorkItemQueueVisibilityTimeout"/> after; an idle listener notices new messages within
/// <see cref="MaxQueuePollingInterval"/>. With the defaults that is up to about 5 minutes; with both visibility
/// timeouts at one minute, about a minute. A graceful stop releases the partitions and hands the running work items
/// back at once; messages the engine had fetched but not yet handed out still wait out their visibility timeout,
/// as on Durable Functions.</para>
/// </remarks>
public sealed partial class DurableHostSettings
{
    /// <summary>The task hub name Durable Functions uses when neither <c>hubName</c> nor <c>WEBSITE_SITE_NAME</c> is set.</summary>
    public const string DefaultHubName = "TestHubName";

    /// <summary>The setting that holds the storage connection (either form) unless <c>storageProvider.connectionName</c> names another.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    private const string Section = "extensions.durableTask";
    private const string StorageSection = Section + ".storageProvider";

    internal const string HubNameKey = Section + ".hubName";
    internal const string MaxConcurrentActivityFunctionsKey = Section + ".maxConcurrentActivityFunctions";
    internal const string MaxConcurrentOrchestratorFunctionsKey = Section + ".maxConcurrentOrchestratorFunctions";
    internal const string UseAppLeaseKey = Section + ".useAppLease";
    internal const string OverridableExistingInstanceStatesKey = Section + ".overridableExistingInstanceStates";
    internal const string ConnectionNameKey = StorageSection + ".connectionName";
    internal const string PartitionCountKey = StorageSection + ".partitionCount";
    internal const string ControlQueueBatchSizeKey = StorageSection + ".controlQueueBatchSize";
    internal const string ControlQueueBufferThresholdKey = StorageSection + ".controlQueueBufferThreshold";
    internal const string ControlQueueVisibilityTimeoutKey = StorageSection + ".controlQueueVisibilityTimeout";
    internal const string WorkItemQueueVisibilityTimeoutKey = StorageSection + ".workItemQueueVisibilityTimeout";
    internal const string MaxQueuePollingIntervalKey = StorageSection + ".maxQueuePollingInterval";
    internal const string UseTablePartitionManagementKey = StorageSection + ".useTablePartitionManagement";
    internal const string PartitionTableOperationTimeoutKey = StorageSection + ".partitionTableOperationTimeout";
    internal const string PartitionLeaseIntervalKey = StorageSection + ".partitionLeaseInterval";
    internal const string PartitionLeaseAcquireIntervalKey = StorageSection + ".partitionLeaseAcquireInterval";
    internal const string PartitionLeaseRenewIntervalKey = StorageSection + ".partitionLeaseRenewInterval";

    // Azure Blob leases last 15 to 60 seconds; the blob partition managers take partition leases of this length.
    private static readonly TimeSpan MinBlobLease = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxBlobLease = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>hubName</c>: the task hub, the prefix of every table, queue and container of the engine. 3–45 ASCII letters
    /// and digits, starting with a letter. Default <c>WEBSITE_SITE_NAME</c> made valid, else <c>TestHubName</c>.
    /// </summary>
    public string HubName { get; init; } = DefaultHubName;

    /// <summary><c>storageProvider.connectionName</c>: the setting with the storage connection (a connection string or the identity-based form). Default <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionName { get; init; } = DefaultConnectionName;

    /// <summary><c>storageProvider.partitionCount</c>: control queues (and partitions) of the hub, 1–16. Default 4. Fixed when the hub is created.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary><c>storageProvider.controlQueueBatchSize</c>: messages taken from a control queue at once, 1–32. Default 32.</summary>
    public int ControlQueueBatchSize { get; init; } = 32;

    /// <summary><c>storageProvider.controlQueueBufferThreshold</c>: control-queue messages buffered in memory, 1–1000. Default 256.</summary>
    public int ControlQueueBufferThreshold { get; init; } = 256;

    /// <summary>
    /// <c>storageProvider.controlQueueVisibilityTimeout</c>: how long a dequeued control-queue message stays invisible
    /// (renewed while its episode runs), so how long the messages of a killed process wait before another takes them.
    /// 1 to 60 minutes. Default 5 minutes.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>storageProvider.workItemQueueVisibilityTimeout</c>: the same for activity messages (renewed while the
    /// activity runs). 10 seconds to 7 days. Default 5 minutes.
    /// </summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>storageProvider.maxQueuePollingInterval</c>: the longest an idle queue listener waits between polls. Positive. Default 30 seconds.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>storageProvider.useTablePartitionManagement</c>: partition leases in the <c>{hub}Partitions</c> table (true,
    /// the Durable Functions 3.x default) or as blobs in the <c>{hub}-leases</c> container (false, the 2.x layout).
    /// </summary>
    public bool UseTablePartitionManagement { get; init; } = true;

    /// <summary>
    /// <c>storageProvider.partitionTableOperationTimeout</c>: how long one read-and-write of the <c>{hub}Partitions</c>
    /// table may take before the partition manager gives up and tries again; a slow storage account (or a busy
    /// Azurite) that often exceeds it renews leases late. 1 second to 1 minute. Default 2 seconds.
    /// </summary>
    public TimeSpan PartitionTableOperationTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>storageProvider.partitionLeaseInterval</c> (standalone only): how long a partition lease lasts after its
    /// last renewal, so how long the partitions of a killed process stay unclaimed. At least twice the acquire and
    /// renew intervals; 15–60 seconds with blob partition management. Default 30 seconds, the engine's.
    /// </summary>
    public TimeSpan PartitionLeaseInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>storageProvider.partitionLeaseAcquireInterval</c> (standalone only): how often a host checks the partition
    /// leases, renewing its own, claiming expired ones and balancing with other hosts. Default 10 seconds.
    /// </summary>
    public TimeSpan PartitionLeaseAcquireInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>storageProvider.partitionLeaseRenewInterval</c> (standalone only): how often blob partition leases are
    /// renewed (table partition leases are renewed at every acquire check). Default 10 seconds.
    /// </summary>
    public TimeSpan PartitionLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>maxConcurrentActivityFunctions</c>: activities this host runs at once, at least 1. Default 10 per processor.</summary>
    public int MaxConcurrentActivityFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary><c>maxConcurrentOrchestratorFunctions</c>: orchestrator episodes this host runs at once, at least 1. Default 10 per processor.</summary>
    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10 * Environment.ProcessorCount;

    /// <summary>
    /// <c>useAppLease</c>: only hosts of one app (same <c>WEBSITE_SITE_NAME</c>) work on the hub at a time, through a
    /// lease on the <c>{hub}-applease</c> container. Default true.
    /// </summary>
    public bool UseAppLease { get; init; } = true;

    /// <summary>
    /// <c>overridableExistingInstanceStates</c>: whether starting an instance id that exists replaces it only when it
    /// has finished (<c>NonRunningStates</c>, the default; otherwise the start fails with "already exists") or always
    /// (<c>AnyState</c>). A reuse policy the caller passes wins.
    /// </summary>
    public OverridableInstanceStates OverridableExistingInstanceStates { get; init; } = OverridableInstanceStates.NonRunningStates;

    /// <summary>Checks every value and throws for the first bad one.</summary>
    /// <exception cref="FunctionAppConfigurationException">A value is out of range; its key and the allowed range are named.</exception>
    public void Validate()
    {
        if (!IsValidHubName(HubName))
        {
            throw FunctionAppConfigurationException.Worded(
                HubNameKey,
                $"host.json {HubNameKey} must be 3 to 45 ASCII letters and digits, starting with a letter (the task hub names tables, queues and containers), not \"{HubName}\".");
        }

        if (string.IsNullOrWhiteSpace(ConnectionName))
        {
            throw FunctionAppConfigurationException.Worded(ConnectionNameKey, $"host.json {ConnectionNameKey} must name the setting with the storage connection string, or be left out for {DefaultConnectionName}.");
        }

        CheckRange(PartitionCountKey, PartitionCount, 1, 16);
        CheckRange(ControlQueueBatchSizeKey, ControlQueueBatchSize, 1, 32);
        CheckRange(ControlQueueBufferThresholdKey, ControlQueueBufferThreshold, 1, 1000);
        CheckRange(ControlQueueVisibilityTimeoutKey, ControlQueueVisibilityTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(60));
        CheckRange(WorkItemQueueVisibilityTimeoutKey, WorkItemQueueVisibilityTimeout, TimeSpan.FromSeconds(10), TimeSpan.FromDays(7));
        CheckRange(MaxQueuePollingIntervalKey, MaxQueuePollingInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        CheckRange(PartitionTableOperationTimeoutKey, PartitionTableOperationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        CheckRange(PartitionLeaseAcquireIntervalKey, PartitionLeaseAcquireInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        CheckRange(PartitionLeaseRenewIntervalKey, PartitionLeaseRenewInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        if (UseTablePartitionManagement)
        {
            CheckRange(PartitionLeaseIntervalKey, PartitionLeaseInterval, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));
        }
        else
        {
            CheckRange(PartitionLeaseIntervalKey, PartitionLeaseInterval, MinBlobLease, MaxBlobLease, " (an Azure Blob lease, with useTablePartitionManagement false)");
        }

        // One late renewal must not cost a host its partitions, or they would move back and forth between hosts.
        var renewEvery = PartitionLeaseAcquireInterval > PartitionLeaseRenewInterval ? PartitionLeaseAcquireInterval : PartitionLeaseRenewInterval;
        if (PartitionLeaseInterval < 2 * renewEvery)
        {
            throw FunctionAppConfigurationException.Worded(
                PartitionLeaseIntervalKey,
                $"host.json {PartitionLeaseIntervalKey} ({Format(PartitionLeaseInterval)}) must be at least twice {PartitionLeaseAcquireIntervalKey} and {PartitionLeaseRenewIntervalKey} ({Format(renewEvery)}), so that one late renewal does not lose a partition.");
        }

        if (!Enum.IsDefined(OverridableExistingInstanceStates))
        {
            throw FunctionAppConfigurationException.Worded(OverridableExistingInstanceStatesKey, $"host.json {OverridableExistingInstanceStatesKey} must be NonRunningStates or AnyState.");
        }

        CheckRange(MaxConcurrentActivityFunctionsKey, MaxConcurrentActivityFunctions, 1, int.MaxValue);
        CheckRange(MaxConcurrentOrchestratorFunctionsKey, MaxConcurrentOrchestratorFunctions, 1, int.MaxValue);
    }

    /// <summary>The engine's settings for these values, on the account of <paramref name="storage"/>.</summary>
    /// <param name="storage">The storage account: its connection string, or its endpoints and a token credential.</param>
    /// <param name="appName">The app's name (<c>WEBSITE_SITE_NAME</c>), which owns the app lease.</param>
    /// <param name="workerId">This host's id in the partition leases; unique per process.</param>
    /// <param name="loggerFactory">Where the engine logs.</param>
    internal AzureStorageOrchestrationServiceSettings ToOrchestrationServiceSettings(
        StorageConnection storage, string appName, string workerId, ILoggerFactory loggerFactory) => new()
        {
            StorageAccountClientProvider = storage.ConnectionString is { } connectionString
                ? new StorageAccountClientProvider(connectionString)
                : new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!, storage.Credential!),
            TaskHubName = HubName,
            AppName = appName,
            WorkerId = workerId,
            LoggerFactory = loggerFactory,
            PartitionCount = PartitionCount,
            ControlQueueBatchSize = ControlQueueBatchSize,
            ControlQueueBufferThreshold = ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions,
            UseTablePartitionManagement = UseTablePartitionManagement,
            PartitionTableOperationTimeout = PartitionTableOperationTimeout,
            LeaseInterval = PartitionLeaseInterval,
            LeaseAcquireInterval = PartitionLeaseAcquireInterval,
            LeaseRenewInterval = PartitionLeaseRenewInterval,
            UseAppLease = UseAppLease,

            // As Durable Functions sets it: starting an instance id that is still running is refused, not replaced.
            ThrowExceptionOnInvalidDedupeStatus = true,
        };

    private static bool IsValidHubName(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    private static void CheckRange(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            var range = max == int.MaxValue
                ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
                : $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be {range}, not {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static void CheckRange(string key, TimeSpan value, TimeSpan min, TimeSpan max, string why = "")
    {
        if (value < min || value > max)
        {
            throw FunctionAppConfigurationException.Worded(key, $"host.json {key} must be from \"{Format(min)}\" to \"{Format(max)}\"{why}, not \"{Format(value)}\".");
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
