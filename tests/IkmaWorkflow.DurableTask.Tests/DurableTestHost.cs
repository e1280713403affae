using System.Globalization;
using Azure.Data.Tables;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.DurableTask.Worker;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>
/// The durable runtime hosted as the function app hosts it: a custom handler whose two queue-triggered functions
/// feed the worker, run standalone on a private Azurite.
/// </summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private readonly string _scriptRoot;

    private DurableTestHost(WebApplication app, string scriptRoot)
    {
        App = app;
        _scriptRoot = scriptRoot;
        Client = app.Services.GetRequiredService<DurableTaskClient>();
    }

    public WebApplication App { get; }

    public DurableTaskClient Client { get; }

    public static async Task<DurableTestHost> StartAsync(string connectionString, string hub, Action<DurableTaskRegistry> register, int maxDequeueCount = 5, TimeSpan? maxTimerHop = null, TimeProvider? time = null, Action<DurableTaskOptions>? configure = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "ikma-durable-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "host.json"), $$"""
            { "version": "2.0", "extensions": { "queues": { "batchSize": 32, "newBatchThreshold": 16, "maxPollingInterval": "00:00:01", "visibilityTimeout": "00:00:01", "maxDequeueCount": {{maxDequeueCount}} } } }
            """);
        foreach (var (function, queue) in new[] { ("DurableOrchestrations", "orchestrations"), ("DurableActivities", "activities") })
        {
            Directory.CreateDirectory(Path.Combine(root, function));
            File.WriteAllText(Path.Combine(root, function, "function.json"), $$"""
                { "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "message", "queueName": "{{hub}}-{{queue}}" } ] }
                """);
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunctionHostSettings.StorageKey] = connectionString,
            [FunctionHostSettings.ScriptRootKey] = root,
            ["Standalone:HttpPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Standalone:ShutdownTimeout"] = "00:00:02",
        });
        builder.Logging.ClearProviders();
        builder.AddCustomHandler();
        builder.Services.AddSingleton(new TableServiceClient(connectionString));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        var options = new DurableTaskOptions { HubName = hub, MaxDequeueCount = maxDequeueCount, MaxTimerHop = maxTimerHop ?? DurableTaskOptions.DefaultMaxTimerHop };
        configure?.Invoke(options);
        builder.Services.AddDurableTask(options, register);
        builder.Services.AddTriggerFunction("DurableOrchestrations", (sp, invocation, ct) =>
            sp.GetRequiredService<DurableTaskWorker>().ProcessOrchestrationMessageAsync(invocation.QueueMessage, invocation.DequeueCount, ct));
        builder.Services.AddTriggerFunction("DurableActivities", (sp, invocation, ct) =>
            sp.GetRequiredService<DurableTaskWorker>().ProcessActivityMessageAsync(invocation.QueueMessage, invocation.DequeueCount, ct));
        var app = builder.Build();
        app.MapCustomHandler();
        app.Services.OnDurableMessageSent(app.Services.GetRequiredService<QueueWakeups>().Notify);
        await app.Services.EnsureDurableStorageAsync(CancellationToken.None);
        await app.StartAsync();
        return new DurableTestHost(app, root);
    }

    public async Task<OrchestrationMetadata> RunAsync(TaskName name, object? input = null, string? instanceId = null, int timeoutSeconds = 60)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        return await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Waits up to a minute for <paramref name="instanceId"/> to finish, with inputs and outputs.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for at most 30 seconds.</summary>
    /// <returns>Whether it held in time.</returns>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_scriptRoot, recursive: true);
    }
}
