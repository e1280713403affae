using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Benchmarks.Storage;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.DurableTask.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IkmaWorkflow.Benchmarks.Worker;

/// <summary>
/// Worker mode (<c>--worker</c>): one app process under test. It hosts the durable runtime exactly as the function
/// app does standalone (the custom handler with the queue-triggered functions <c>DurableOrchestrations</c> and
/// <c>DurableActivities</c>, <c>AddDurableTask</c>, messages waking the local listeners), with every storage client
/// counting its transactions, and answers <c>GET /bench/stats</c> on its port. It logs errors only (to stderr) and
/// stops when its standard input closes, so it never outlives the driver.
/// </summary>
internal static class WorkerHost
{
    /// <summary>The environment variable that carries the storage connection string to a worker.</summary>
    public const string StorageVariable = FunctionHostSettings.StorageKey;

    /// <summary>The queue settings under test, as host.json <c>extensions.queues</c>.</summary>
    private const string HostJson = """
        { "version": "2.0", "extensions": { "queues": { "batchSize": 32, "newBatchThreshold": 16, "maxPollingInterval": "00:00:02", "visibilityTimeout": "00:00:01" } } }
        """;

    public static async Task<int> RunAsync(string hub, int port)
    {
        var connectionString = Environment.GetEnvironmentVariable(StorageVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync($"worker: the storage connection string must be in {StorageVariable}.");
            return 2;
        }

        var root = FunctionAppFolder(Environment.ProcessId);
        Directory.CreateDirectory(root);
        try
        {
            WriteFunctionApp(root, hub);
            var counter = new TransactionCounter();

            // The content root is the function app folder, as in production; the working directory (the repository)
            // would have the configuration file watcher watch every file under it.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [FunctionHostSettings.StorageKey] = connectionString,
                [FunctionHostSettings.ScriptRootKey] = root,
                ["Standalone:HttpPort"] = port.ToString(CultureInfo.InvariantCulture),
                ["Standalone:ShutdownTimeout"] = "00:00:02",
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

            // A provider-specific rule wins over the category rules AddCustomHandler adds: errors only.
            builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Error);
            builder.AddCustomHandler();

            // The custom handler registered its queue and blob clients, and the runtime resolves all three from DI:
            // replace them with the same clients plus the counting policy.
            builder.Services.RemoveAll<QueueServiceClient>();
            builder.Services.RemoveAll<BlobServiceClient>();
            builder.Services.RemoveAll<TableServiceClient>();
            builder.Services.AddSingleton(CountingStorageClients.CreateQueueService(connectionString, counter));
            builder.Services.AddSingleton(CountingStorageClients.CreateBlobService(connectionString, counter));
            builder.Services.AddSingleton(CountingStorageClients.CreateTableService(connectionString, counter));

            // The driver, not the terminal, decides when a worker stops: Ctrl+C reaches the whole process group, and
            // workers shutting down on their own would only log the cancelled invocations as errors.
            builder.Services.AddSingleton<IHostLifetime, DriverControlledLifetime>();

            builder.Services.AddDurableTask(new DurableTaskOptions { HubName = hub }, BenchmarkWorkflows.Register);
            builder.Services.AddTriggerFunction("DurableOrchestrations", static (sp, invocation, ct) =>
                sp.GetRequiredService<DurableTaskWorker>().ProcessOrchestrationMessageAsync(invocation.QueueMessage, invocation.DequeueCount, ct));
            builder.Services.AddTriggerFunction("DurableActivities", static (sp, invocation, ct) =>
                sp.GetRequiredService<DurableTaskWorker>().ProcessActivityMessageAsync(invocation.QueueMessage, invocation.DequeueCount, ct));

            await using var app = builder.Build();
            app.MapGet("/bench/stats", () => TypedResults.Json(ReadStats(counter)));
            app.MapCustomHandler();
            app.Services.OnDurableMessageSent(app.Services.GetRequiredService<QueueWakeups>().Notify);
            await app.Services.EnsureDurableStorageAsync(CancellationToken.None);

            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, static context => context.Cancel = true);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                lifetime.StopApplication();
            });
            _ = Task.Run(() => StopWhenInputClosesAsync(lifetime), CancellationToken.None);
            await app.RunAsync();
            return 0;
        }
        catch (FunctionAppConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"worker: {ex.Message}");
            return 2;
        }
        finally
        {
            TryDelete(root);
        }
    }

    /// <summary>
    /// The worker's function app folder (host.json and the two function folders), named after its process id so the
    /// driver can remove it when it had to kill the worker.
    /// </summary>
    public static string FunctionAppFolder(int processId) =>
        Path.Combine(Path.GetTempPath(), $"ikma-bench-worker-{processId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Deletes a folder, ignoring failures: a leftover temp folder is harmless.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void WriteFunctionApp(string root, string hub)
    {
        File.WriteAllText(Path.Combine(root, "host.json"), HostJson);
        foreach (var (function, queue) in new[] { ("DurableOrchestrations", "orchestrations"), ("DurableActivities", "activities") })
        {
            Directory.CreateDirectory(Path.Combine(root, function));
            File.WriteAllText(Path.Combine(root, function, "function.json"), $$"""
                { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "{{hub}}-{{queue}}" } ] }
                """);
        }
    }

    private static WorkerStats ReadStats(TransactionCounter counter)
    {
        var transactions = counter.Snapshot();
        using var self = Process.GetCurrentProcess();
        return new WorkerStats(Environment.ProcessId, transactions.Total, transactions.ByKind, self.WorkingSet64, self.PeakWorkingSet64);
    }

    // The driver holds the other end of standard input; it closes it to stop the worker, and so does the kernel when
    // the driver dies.
    private static async Task StopWhenInputClosesAsync(IHostApplicationLifetime lifetime)
    {
        try
        {
            while (await Console.In.ReadLineAsync() is not null)
            {
            }
        }
        catch (IOException)
        {
        }

        lifetime.StopApplication();
    }

    /// <summary>A host lifetime that leaves signals alone: the worker stops when its input closes, or on SIGTERM.</summary>
    private sealed class DriverControlledLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
