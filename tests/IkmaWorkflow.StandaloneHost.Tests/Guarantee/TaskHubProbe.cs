using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DurableTask.AzureStorage.Partitioning;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// Reads what the app's HTTP API does not show, beside the hosts running on it: the task hub's partition leases (table
/// <c>{hub}Partitions</c>, rows of the engine's own <see cref="TablePartitionLease"/>) and the storage account's
/// poison queues.
/// </summary>
internal sealed class TaskHubProbe
{
    // host.json extensions.durableTask.storageProvider.partitionCount.
    private const int PartitionCount = 4;

    private readonly string _connectionString;
    private readonly TableClient _partitions;

    public TaskHubProbe(string connectionString, string hub)
    {
        _connectionString = connectionString;
        Hub = hub;
        _partitions = new TableServiceClient(connectionString).GetTableClient(hub + "Partitions");
    }

    /// <summary>The task hub.</summary>
    public string Hub { get; }

    /// <summary>
    /// The partition (control queue) that holds <paramref name="instanceId"/>: the engine places an instance by the
    /// 32-bit FNV-1a hash of its id's UTF-8 bytes, modulo the partition count.
    /// </summary>
    public string PartitionOf(string instanceId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Hub.ToLowerInvariant()}-control-{hash % PartitionCount:00}");
    }

    /// <summary>Every partition lease: which worker owns it, which one is taking it over, and until when.</summary>
    public async Task<IReadOnlyList<TablePartitionLease>> LeasesAsync()
    {
        try
        {
            var leases = new List<TablePartitionLease>();
            await foreach (var lease in _partitions.QueryAsync<TablePartitionLease>())
            {
                leases.Add(lease);
            }

            return leases;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }

    /// <summary>The worker that owns <paramref name="partition"/> now, or null.</summary>
    public async Task<string?> OwnerOfAsync(string partition) =>
        (await LeasesAsync()).FirstOrDefault(l => l.RowKey == partition)?.CurrentOwner;

    /// <summary>Every queue of the account whose name ends in <c>-poison</c>, with the messages it holds.</summary>
    public async Task<IReadOnlyDictionary<string, int>> PoisonQueuesAsync()
    {
        var queues = AzuriteClients.Queues(_connectionString);
        var poison = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            if (queue.Name.EndsWith("-poison", StringComparison.Ordinal))
            {
                var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
                poison[queue.Name] = properties.Value.ApproximateMessagesCount;
            }
        }

        return poison;
    }

    /// <summary>The leases as one line per partition, for failure messages and the timeline.</summary>
    public static string Describe(IEnumerable<TablePartitionLease> leases) =>
        string.Join("; ", leases.Select(l => $"{l.RowKey}: owner {l.CurrentOwner ?? "-"}{(l.NextOwner is null ? string.Empty : $" -> {l.NextOwner}")}{(l.IsDraining ? " (draining)" : string.Empty)}, expires {l.ExpiresAt:HH:mm:ss}"));
}
