using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace IkmaWorkflow.FunctionApp.Functions.Health;

/// <summary>Checks that the app's storage account answers on each of its three services.</summary>
public sealed class StorageHealth(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Probes blobs, queues and tables at once, each within five seconds.</summary>
    public async Task<IReadOnlyDictionary<string, ServiceHealth>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new[]
        {
            ("blobs", Probe(ct => blobs.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1), cancellationToken)),
            ("queues", Probe(ct => queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1), cancellationToken)),
            ("tables", Probe(ct => tables.QueryAsync(cancellationToken: ct).AsPages(pageSizeHint: 1), cancellationToken)),
        };
        await Task.WhenAll(checks.Select(c => c.Item2));
        return checks.ToDictionary(c => c.Item1, c => c.Item2.Result);
    }

    private static async Task<ServiceHealth> Probe<T>(Func<CancellationToken, IAsyncEnumerable<Page<T>>> firstPage, CancellationToken cancellationToken)
        where T : notnull
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await using var pages = firstPage(timeout.Token).GetAsyncEnumerator(timeout.Token);
            await pages.MoveNextAsync();
            return new ServiceHealth(true, (long)watch.Elapsed.TotalMilliseconds, null);
        }
        catch (RequestFailedException ex)
        {
            return new ServiceHealth(false, (long)watch.Elapsed.TotalMilliseconds, $"{ex.Status} {ex.ErrorCode}".Trim());
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceHealth(false, (long)watch.Elapsed.TotalMilliseconds, ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:F0} s" : ex.Message);
        }
    }
}

/// <summary>One storage service's answer to the health probe.</summary>
/// <param name="Reachable">Whether it answered.</param>
/// <param name="ElapsedMs">How long the probe took.</param>
/// <param name="Error">Why it is unreachable, or <see langword="null"/>.</param>
public sealed record ServiceHealth(bool Reachable, long ElapsedMs, string? Error);
