using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using Microsoft.Extensions.DependencyInjection;
using Moq;

using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Standalone.Tests.Queues;

/// <summary>Storage faults Azurite cannot produce on demand, simulated with a mocked queue client in the whole app.</summary>
public sealed class QueueTriggerFaultTests
{
    private readonly QueueMessage _message = QueuesModelFactory.QueueMessage("m1", "receipt-1", Convert.ToBase64String(Encoding.UTF8.GetBytes("absensi hari 2")), 1);
    private readonly Mock<QueueClient> _queue = new();
    private readonly TaskCompletionSource<string> _deleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QueueTriggerFaultTests()
    {
        _queue.Setup(q => q.DeleteMessageAsync("m1", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string receipt, CancellationToken _) => _deleted.TrySetResult(receipt))
            .ReturnsAsync(Mock.Of<Response>());
    }

    [Fact]
    public async Task Listener_ReceiveFailsWithServerBusy_KeepsPollingAndProcessesTheNextMessage()
    {
        _queue.Setup(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>())).ReturnsAsync((Response)null!);
        var polls = 0;
        _queue.Setup(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Interlocked.Increment(ref polls) switch
            {
                1 => throw new RequestFailedException(503, "Server busy", QueueErrorCode.ServerBusy.ToString(), null),
                2 => Response.FromValue(new[] { _message }, Mock.Of<Response>()),
                _ => Response.FromValue(Array.Empty<QueueMessage>(), Mock.Of<Response>()),
            });
        await using var app = await StartAsync();

        var receipt = await _deleted.Task.WaitAsync(Eventually.Patience);

        Assert.Equal("receipt-1", receipt);
        Assert.Equal(["absensi hari 2"], app.Probe.Calls);
        Assert.True(app.Logged(201, "work"), "the failed poll was not logged");
    }

    [Fact]
    public async Task Listener_QueueCannotBeCreatedAtFirst_RestartedAndProcessesTheMessage()
    {
        var creates = 0;
        _queue.Setup(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Interlocked.Increment(ref creates) == 1
                ? throw new RequestFailedException(403, "Forbidden", QueueErrorCode.AuthorizationFailure.ToString(), null)
                : null!);
        var polls = 0;
        _queue.Setup(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Interlocked.Increment(ref polls) == 1
                ? Response.FromValue(new[] { _message }, Mock.Of<Response>())
                : Response.FromValue(Array.Empty<QueueMessage>(), Mock.Of<Response>()));
        await using var app = await StartAsync();

        await _deleted.Task.WaitAsync(Eventually.Patience);

        Assert.True(app.Logged(402, "Work"), "the failed listener was not logged as restarting");
        Assert.Equal(["absensi hari 2"], app.Probe.Calls);
    }

    private Task<StandaloneApp> StartAsync()
    {
        var service = new Mock<QueueServiceClient>();
        service.Setup(s => s.GetQueueClient("work")).Returns(_queue.Object);
        service.Setup(s => s.GetQueueClient("work-poison")).Returns(Mock.Of<QueueClient>());
        return StandaloneApp.StartAsync(
            [typeof(QueueTextFunction)],
            new() { ["WorkQueue"] = "work", ["Standalone:QueueMinPollingInterval"] = "00:00:00.010" },
            services: s => s.AddSingleton(service.Object));
    }
}
