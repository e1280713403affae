using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using IkmaWorkflow.Benchmarks.Storage;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// The storage floor: what this Azurite does without the engine. A cycle is a queue send, a receive, a delete (of
/// the message received, if any) and a two-entity table transaction, the requests an episode is made of. Cycles
/// run back to back, first one at a time, then from 32 concurrent loops; each request counts as one operation.
/// </summary>
internal static class FloorScenario
{
    public const int Parallelism = 32;

    public static async Task<FloorResult> RunAsync(string connectionString, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counter = new TransactionCounter();
        var queue = CountingStorageClients.CreateQueueService(connectionString, counter).GetQueueClient(UniqueName.Create("floor"));
        var table = CountingStorageClients.CreateTableService(connectionString, counter).GetTableClient(UniqueName.ForTable("floor"));
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await table.CreateIfNotExistsAsync(cancellationToken);

        // Warm up connections and both services.
        await CycleAsync(queue, table, "warmup", cancellationToken);

        var serial = await MeasureAsync(counter, 1, duration, (_, ct) => CycleAsync(queue, table, "serial", ct), cancellationToken);
        var parallel = await MeasureAsync(counter, Parallelism, duration, (loop, ct) => CycleAsync(queue, table, $"loop{loop}", ct), cancellationToken);
        await queue.DeleteIfExistsAsync(cancellationToken);
        await table.DeleteAsync(cancellationToken);
        return new FloorResult(serial, parallel);
    }

    private static async Task<double> MeasureAsync(TransactionCounter counter, int loops, TimeSpan duration, Func<int, CancellationToken, Task> cycle, CancellationToken cancellationToken)
    {
        var before = counter.Total;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(
            async () =>
            {
                while (clock.Elapsed < duration)
                {
                    await cycle(loop, cancellationToken);
                }
            },
            cancellationToken)));
        return (counter.Total - before) / clock.Elapsed.TotalSeconds;
    }

    private static async Task CycleAsync(QueueClient queue, TableClient table, string partition, CancellationToken cancellationToken)
    {
        await queue.SendMessageAsync("eyJmbG9vciI6dHJ1ZX0=", cancellationToken);
        var received = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), cancellationToken)).Value;
        if (received is not null)
        {
            await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
        }

        await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "state") { ["Value"] = 1 }),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, "history") { ["Value"] = 2 }),
            ],
            cancellationToken);
    }
}

/// <summary>The floor's two rates.</summary>
/// <param name="SerialOpsPerSecond">Storage operations per second, one at a time.</param>
/// <param name="OpsPerSecond">Storage operations per second from 32 concurrent loops.</param>
internal sealed record FloorResult(double SerialOpsPerSecond, double OpsPerSecond);
