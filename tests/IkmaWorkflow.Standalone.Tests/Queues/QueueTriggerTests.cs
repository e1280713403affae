using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Queues;
using IkmaWorkflow.Standalone.Storage;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests.Queues;

/// <summary>Queue triggers on a private Azurite, with the Functions host's semantics.</summary>
public sealed class QueueTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Listener_MessageWrittenByWriter_InvokedWithDecodedMessage()
    {
        var queue = UniqueName.Create("items");
        await using var app = await StartAsync(typeof(QueueMessageFunction), queue);

        await Writer(app).SendAsync(queue, "Lapas Kelas I Cipinang – batik");

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the function was not invoked");
        var message = Assert.IsType<QueueMessage>(Assert.Single(app.Probe.Calls));
        Assert.Equal("Lapas Kelas I Cipinang – batik", message.Body.ToString());
        Assert.Equal(1, message.DequeueCount);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.NotNull(message.InsertedOn);
        await AssertQueueEmptiesAsync(queue);
    }

    [Theory]
    [InlineData(typeof(QueueTextFunction), typeof(string))]
    [InlineData(typeof(QueueBytesFunction), typeof(byte[]))]
    [InlineData(typeof(QueueBinaryFunction), typeof(BinaryData))]
    public async Task Listener_TriggerParameterType_GetsTheDecodedBodyAsThatType(Type function, Type expected)
    {
        var queue = UniqueName.Create("typed");
        await using var app = await StartAsync(function, queue);

        await Writer(app).SendAsync(queue, "{\"peserta\":\"Budi\"}");

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the function was not invoked");
        var value = Assert.Single(app.Probe.Calls);
        Assert.IsType(expected, value);
        var text = value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value!.ToString(),
        };
        Assert.Equal("{\"peserta\":\"Budi\"}", text);
    }

    [Fact]
    public async Task Listener_MessageEncodingNone_ReadsPlainText()
    {
        var queue = UniqueName.Create("plain");
        await using var app = await StartAsync(typeof(QueueTextFunction), queue, hostJson: """{ "extensions": { "queues": { "messageEncoding": "none", "maxPollingInterval": "00:00:01" } } }""");

        await Writer(app).SendAsync(queue, "teks biasa");

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the function was not invoked");
        Assert.Equal("teks biasa", Assert.Single(app.Probe.Calls));
    }

    [Fact]
    public async Task Listener_FunctionAlwaysFails_MovesMessageToPoisonQueueAfterMaxDequeueCount()
    {
        var queue = UniqueName.Create("poison");
        await using var app = await StartAsync(
            typeof(QueueMessageFunction),
            queue,
            hostJson: """{ "extensions": { "queues": { "maxDequeueCount": 3, "maxPollingInterval": "00:00:01" } } }""");
        app.Probe.Handler = (_, _) => throw new InvalidOperationException("always fails");

        await Writer(app).SendAsync(queue, "sertifikat 42");

        var poison = Queue(queue + "-poison");
        await Eventually.TrueAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessageAsync()).Value is not null, "the message never reached the poison queue");
        Assert.Equal([1L, 2L, 3L], app.Probe.Calls.Cast<QueueMessage>().Select(m => m.DequeueCount));
        var poisoned = (await poison.PeekMessageAsync()).Value;
        Assert.Equal("sertifikat 42", Encoding.UTF8.GetString(Convert.FromBase64String(poisoned.MessageText)));
        await AssertQueueEmptiesAsync(queue);
        Assert.True(app.Logged(203, "moved to " + queue + "-poison"), "the move to the poison queue was not logged");
        Assert.Equal(3, app.Logs.Count(l => l.EventId == 101 && l.Level == LogLevel.Error));
    }

    [Fact]
    public async Task Listener_FunctionFailsOnce_RetriedAndCompleted()
    {
        var queue = UniqueName.Create("retry");
        await using var app = await StartAsync(typeof(QueueMessageFunction), queue);
        app.Probe.Handler = (value, _) => ((QueueMessage)value!).DequeueCount == 1 ? throw new TimeoutException("partner system slow") : Task.CompletedTask;

        await Writer(app).SendAsync(queue, "retry me");

        await Eventually.TrueAsync(() => app.Probe.Calls.Count == 2, "the message was not retried");
        Assert.Equal([1L, 2L], app.Probe.Calls.Cast<QueueMessage>().Select(m => m.DequeueCount));
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
            typeof(QueueMessageFunction),
            queue,
            hostJson: """{ "extensions": { "queues": { "batchSize": 4, "newBatchThreshold": 0, "maxPollingInterval": "00:00:01" } } }""",
            handler: async (_, cancellationToken) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await gate.Task.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref completed);
            });

        await Eventually.TrueAsync(() => Volatile.Read(ref running) == 4, "four invocations never ran at once");
        await Eventually.HoldsAsync(() => Volatile.Read(ref running) == 4, TimeSpan.FromSeconds(1.5), "a fifth invocation started while four were in flight");
        gate.SetResult();

        await Eventually.TrueAsync(() => Volatile.Read(ref completed) == 10, "not every message was processed");
        Assert.Equal(4, peak);
    }

    [Fact]
    public async Task Listener_IdleAtLongPollingInterval_WakesAtOnceForMessageThisProcessWrote()
    {
        var queue = UniqueName.Create("wake");
        await using var app = await StartAsync(
            typeof(QueueTextFunction),
            queue,
            hostJson: """{ "extensions": { "queues": { "maxPollingInterval": "00:01:00" } } }""",
            settings: new() { ["Standalone:QueueMinPollingInterval"] = "00:00:30" });

        // After its first empty poll the listener waits 30 s before the next one, unless woken.
        await Eventually.TrueAsync(() => app.Logged(207, queue), "the listener never found its queue empty");
        await Writer(app).SendAsync(queue, "bangun");

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the message waited for the next poll; a local write should wake the listener", within: TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Listener_UndecodableMessage_CountedAsFailedAttemptAndPoisoned()
    {
        var queue = UniqueName.Create("garbled");
        await using var app = await StartAsync(
            typeof(QueueMessageFunction),
            queue,
            hostJson: """{ "extensions": { "queues": { "maxDequeueCount": 2, "maxPollingInterval": "00:00:01" } } }""");

        // Written straight to the queue, past the writer: the listener may not have created the queue yet.
        await Queue(queue).CreateIfNotExistsAsync();
        await Queue(queue).SendMessageAsync("not base64 at all!");

        var poison = Queue(queue + "-poison");
        await Eventually.TrueAsync(async () => (await poison.ExistsAsync()).Value && (await poison.PeekMessageAsync()).Value is not null, "the undecodable message was never poisoned");
        Assert.Empty(app.Probe.Calls);
        Assert.Equal("not base64 at all!", (await poison.PeekMessageAsync()).Value.MessageText);
        Assert.Equal(2, app.Logs.Count(l => l.EventId == 202));
    }

    [Fact]
    public async Task Shutdown_InvocationInFlight_FinishesAndMessageIsDeleted()
    {
        var queue = UniqueName.Create("drain");
        // The function's own work takes two seconds and ignores the token; the grace period is the default 30 s.
        var app = await StartAsync(typeof(QueueMessageFunction), queue, handler: (_, _) => Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        await using (app)
        {
            await Writer(app).SendAsync(queue, "laporan penutupan");
            await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the function never started");

            await app.StopAsync();

            Assert.True(app.Logged(100, "Work"), "the invocation did not finish before shutdown completed");
            Assert.False(app.Logged(102), "the invocation was cancelled within the grace period");
        }

        Assert.Equal(0, (await Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Shutdown_InvocationOutlivesGracePeriod_CancelledAndMessageProcessedByNextInstance()
    {
        var queue = UniqueName.Create("handover");
        var first = await StartAsync(
            typeof(QueueMessageFunction),
            queue,
            settings: new() { ["Standalone:ShutdownTimeout"] = "00:00:01" },
            handler: (_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));
        await using (first)
        {
            await Writer(first).SendAsync(queue, "jangan hilang");
            await Eventually.TrueAsync(() => !first.Probe.Calls.IsEmpty, "the function never started");
            await first.StopAsync();
            Assert.True(first.Logged(102, "Work"), "the invocation was not cancelled by shutdown");
            Assert.True(first.Logged(205), "the message was not handed back");
        }

        // The message is visible again at once, not after its ten-minute lease.
        Assert.NotNull((await Queue(queue).PeekMessageAsync()).Value);

        await using var second = await StartAsync(typeof(QueueTextFunction), queue);
        await Eventually.TrueAsync(() => !second.Probe.Calls.IsEmpty, "the next instance never received the message");
        Assert.Equal("jangan hilang", Assert.Single(second.Probe.Calls));
        await AssertQueueEmptiesAsync(queue);
    }

    private Task<StandaloneApp> StartAsync(
        Type function,
        string queue,
        string hostJson = StandaloneApp.DefaultHostJson,
        Dictionary<string, string?>? settings = null,
        Func<object?, CancellationToken, Task>? handler = null) =>
        StandaloneApp.StartAsync(
            [function],
            new Dictionary<string, string?>(settings ?? []) { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["WorkQueue"] = queue },
            hostJson,
            services: handler is null ? null : s => s.AddSingleton(new Probe { Handler = handler }));

    private static QueueMessageWriter Writer(StandaloneApp app) => new(app.Services);

    private QueueClient Queue(string name) => StorageClients.CreateQueueService(azurite.ConnectionString).GetQueueClient(name);

    private async Task AssertQueueEmptiesAsync(string queue)
    {
        var client = Queue(queue);
        await Eventually.TrueAsync(async () => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, $"queue {queue} still holds messages");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
