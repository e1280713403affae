using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Queues;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.CustomHandler.Storage;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.CustomHandler.Tests.Queues;

/// <summary>Standalone queue triggers on a private Azurite, with the Functions host's semantics.</summary>
public sealed class QueueTriggerListenerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Listener_MessageWrittenByWriter_InvokedWithDecodedTextAndDequeueCount()
    {
        var queue = UniqueName.Create("items");
        var received = new TaskCompletionSource<(string Text, int DequeueCount)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(queue, (invocation, _) =>
        {
            received.TrySetResult((invocation.QueueMessage, invocation.DequeueCount));
            return Task.CompletedTask;
        });

        await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "Lapas Kelas I Cipinang – batik");

        var (text, dequeueCount) = await received.Task.WaitAsync(Patience);
        Assert.Equal("Lapas Kelas I Cipinang – batik", text);
        Assert.Equal(1, dequeueCount);
        await AssertQueueEmptiesAsync(queue);
    }

    [Fact]
    public async Task Writer_MessageOnQueue_IsBase64AsTheHostExpects()
    {
        var queue = UniqueName.Create("encoded");
        await using var app = await StartAsync(UniqueName.Create("other"), (_, _) => Task.CompletedTask);

        await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "{\"id\":1}");

        var raw = (await Queue(queue).PeekMessageAsync()).Value;
        Assert.Equal("{\"id\":1}", Encoding.UTF8.GetString(Convert.FromBase64String(raw.MessageText)));
    }

    [Fact]
    public async Task Listener_HandlerAlwaysFails_MovesMessageToPoisonQueueAfterMaxDequeueCount()
    {
        var queue = UniqueName.Create("poison");
        var attempts = new ConcurrentQueue<int>();
        await using var app = await StartAsync(
            queue,
            (invocation, _) =>
            {
                attempts.Enqueue(invocation.DequeueCount);
                throw new InvalidOperationException("always fails");
            },
            hostJson: """{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 3, "maxPollingInterval": "00:00:01" } } }""");

        await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "sertifikat 42");

        var poison = Queue(queue + "-poison");
        var moved = await EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessageAsync()).Value is not null);
        Assert.True(moved, "the message never reached the poison queue");
        Assert.Equal([1, 2, 3], attempts.ToArray());
        var poisoned = (await poison.PeekMessageAsync()).Value;
        Assert.Equal("sertifikat 42", Encoding.UTF8.GetString(Convert.FromBase64String(poisoned.MessageText)));
        await AssertQueueEmptiesAsync(queue);
        Assert.Contains(app.Logs, l => l.Contains("moved to " + queue + "-poison", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listener_HandlerFailsOnce_RetriedAfterVisibilityTimeoutAndCompleted()
    {
        var queue = UniqueName.Create("retry");
        var attempts = new ConcurrentQueue<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(queue, (invocation, _) =>
        {
            attempts.Enqueue(invocation.DequeueCount);
            if (invocation.DequeueCount == 1)
            {
                throw new TimeoutException("partner system slow");
            }

            done.TrySetResult();
            return Task.CompletedTask;
        });

        await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "retry me");

        await done.Task.WaitAsync(Patience);
        Assert.Equal([1, 2], attempts.ToArray());
        await AssertQueueEmptiesAsync(queue);
    }

    [Fact]
    public async Task Listener_BatchSizeFourThresholdZero_RunsAtMostFourAtOnce()
    {
        var queue = UniqueName.Create("batch");
        var client = Queue(queue);
        await client.CreateAsync();
        for (var i = 0; i < 10; i++)
        {
            await client.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes($"peserta {i}")));
        }

        var running = 0;
        var peak = 0;
        var completed = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(
            queue,
            async (_, cancellationToken) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await gate.Task.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref completed);
            },
            hostJson: """{ "version": "2.0", "extensions": { "queues": { "batchSize": 4, "newBatchThreshold": 0, "maxPollingInterval": "00:00:01" } } }""",
            settings: new() { ["Standalone:ShutdownTimeout"] = "00:00:01" });

        Assert.True(await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref running) == 4)), "four invocations never ran at once");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(4, Volatile.Read(ref running));
        gate.SetResult();

        Assert.True(await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref completed) == 10)), "not every message was processed");
        Assert.Equal(4, peak);
    }

    [Fact]
    public async Task Listener_IdleAtLongPollingInterval_WakesAtOnceForMessageThisProcessWrote()
    {
        var queue = UniqueName.Create("wake");
        var received = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(
            queue,
            (_, _) =>
            {
                received.TrySetResult(DateTimeOffset.UtcNow);
                return Task.CompletedTask;
            },
            hostJson: """{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:01:00" } } }""");

        // After five idle seconds the back-off has reached 6.4 s between polls.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var sent = DateTimeOffset.UtcNow;
        await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "bangun");

        var at = await received.Task.WaitAsync(Patience);
        Assert.True(at - sent < TimeSpan.FromSeconds(2), $"picked up after {(at - sent).TotalSeconds:F1} s; a wake-up should not wait for the next poll");
    }

    [Fact]
    public async Task Listener_UndecodableMessage_CountedAsFailedAttemptAndPoisoned()
    {
        var queue = UniqueName.Create("garbled");
        var invoked = 0;
        await using var app = await StartAsync(
            queue,
            (_, _) =>
            {
                Interlocked.Increment(ref invoked);
                return Task.CompletedTask;
            },
            hostJson: """{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 2, "maxPollingInterval": "00:00:01" } } }""");

        // Written straight to the queue, past the writer: the listener may not have created the queue yet.
        await Queue(queue).CreateIfNotExistsAsync();
        await Queue(queue).SendMessageAsync("not base64 at all!");

        var poison = Queue(queue + "-poison");
        Assert.True(await EventuallyAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessageAsync()).Value is not null), "the undecodable message was never poisoned");
        Assert.Equal(0, invoked);
        Assert.Equal("not base64 at all!", (await poison.PeekMessageAsync()).Value.MessageText);
    }

    [Fact]
    public async Task Shutdown_InvocationInFlight_FinishesAndMessageIsDeleted()
    {
        var queue = UniqueName.Create("drain");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        var app = await StartAsync(queue, async (_, _) =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            Interlocked.Increment(ref finished);
        });
        await using (app)
        {
            await app.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "laporan penutupan");
            await started.Task.WaitAsync(Patience);

            await app.StopAsync();
        }

        Assert.Equal(1, finished);
        var properties = await Queue(queue).GetPropertiesAsync();
        Assert.Equal(0, properties.Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Shutdown_InvocationOutlivesGracePeriod_CancelledAndMessageProcessedByNextInstance()
    {
        var queue = UniqueName.Create("handover");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await StartAsync(
            queue,
            async (_, cancellationToken) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
            settings: new() { ["Standalone:ShutdownTimeout"] = "00:00:01" });
        await using (first)
        {
            await first.App.Services.GetRequiredService<QueueMessageWriter>().SendAsync(queue, "jangan hilang");
            await started.Task.WaitAsync(Patience);
            await first.StopAsync();
        }

        // The message is visible again at once, not after its ten-minute lease.
        var peeked = (await Queue(queue).PeekMessageAsync()).Value;
        Assert.NotNull(peeked);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = await StartAsync(queue, (invocation, _) =>
        {
            received.TrySetResult(invocation.QueueMessage);
            return Task.CompletedTask;
        });
        Assert.Equal("jangan hilang", await received.Task.WaitAsync(Patience));
        await AssertQueueEmptiesAsync(queue);
    }

    private Task<TestFunctionApp> StartAsync(
        string queue,
        Func<IkmaWorkflow.CustomHandler.Invocation.TriggerInvocation, CancellationToken, Task> handler,
        string hostJson = """{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:01" } } }""",
        Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { [FunctionHostSettings.StorageKey] = azurite.ConnectionString };
        return TestFunctionApp.StartAsync(
            new Dictionary<string, string> { ["Work"] = TestFunctionApp.QueueFunction(queue) },
            all,
            register: builder => builder.Services.AddTriggerFunction("Work", (_, invocation, ct) => handler(invocation, ct)),
            hostJson: hostJson);
    }

    private QueueClient Queue(string name) => StorageClients.CreateQueueService(azurite.ConnectionString).GetQueueClient(name);

    private async Task AssertQueueEmptiesAsync(string queue)
    {
        var client = Queue(queue);
        Assert.True(await EventuallyAsync(async () => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0), $"queue {queue} still holds messages");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
