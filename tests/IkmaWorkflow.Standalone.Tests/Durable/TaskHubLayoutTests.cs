using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Standalone.Durable;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>The task hub has Durable Functions' storage names, so a deployment's data and tools agree with the standalone host.</summary>
public sealed class TaskHubLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task StartAsync_DefaultSettings_CreatesDurableFunctionsTablesQueuesAndContainers()
    {
        var hub = "Ikma" + UniqueName.ForTable("layout");
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.Settings(hub));

        var (tables, queues, containers) = await ListAsync();

        var lower = hub.ToLowerInvariant();
        Assert.Equal([$"{hub}History", $"{hub}Instances", $"{hub}Partitions"], tables.Where(t => t.StartsWith(hub, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(
            [$"{lower}-control-00", $"{lower}-control-01", $"{lower}-control-02", $"{lower}-control-03", $"{lower}-workitems"],
            queues.Where(q => q.StartsWith(lower, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains($"{lower}-applease", containers);
        Assert.DoesNotContain($"{lower}-leases", containers);
    }

    [Fact]
    public async Task StartAsync_BlobPartitionManagement_KeepsPartitionLeasesInTheLeasesContainer()
    {
        var hub = "Ikma" + UniqueName.ForTable("blobs");
        var settings = new DurableHostSettings { HubName = hub, PartitionCount = 2, UseTablePartitionManagement = false };
        await using var host = await DurableTestHost.StartAsync(azurite.ConnectionString, settings);

        var (tables, queues, containers) = await ListAsync();

        var lower = hub.ToLowerInvariant();
        Assert.DoesNotContain($"{hub}Partitions", tables);
        Assert.Equal([$"{lower}-control-00", $"{lower}-control-01", $"{lower}-workitems"], queues.Where(q => q.StartsWith(lower, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains($"{lower}-leases", containers);
        var leases = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"{lower}-leases");
        var blobs = new List<string>();
        await foreach (var blob in leases.GetBlobsAsync())
        {
            blobs.Add(blob.Name);
        }

        Assert.Contains(blobs, name => name.EndsWith($"{lower}-control-00", StringComparison.Ordinal));
        Assert.Contains(blobs, name => name.EndsWith($"{lower}-control-01", StringComparison.Ordinal));
    }

    private async Task<(List<string> Tables, List<string> Queues, List<string> Containers)> ListAsync()
    {
        var tables = new List<string>();
        await foreach (var table in new TableServiceClient(azurite.ConnectionString).QueryAsync())
        {
            tables.Add(table.Name);
        }

        var queues = new List<string>();
        await foreach (var queue in new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync())
        {
            queues.Add(queue.Name);
        }

        var containers = new List<string>();
        await foreach (var container in new BlobServiceClient(azurite.ConnectionString).GetBlobContainersAsync())
        {
            containers.Add(container.Name);
        }

        return (tables, queues, containers);
    }
}
