using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.CustomHandler.Standalone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace IkmaWorkflow.CustomHandler.Tests.Queues;

/// <summary>Storage faults Azurite cannot produce on demand, simulated with a mocked queue client.</summary>
public sealed class QueueTriggerListenerFaultTests : IDisposable
{
    private readonly string _root = TestFunctionApp.WriteScriptRoot(new Dictionary<string, string> { ["Work"] = TestFunctionApp.QueueFunction("work") });

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task RunAsync_ReceiveFailsWithServerBusy_KeepsPollingAndProcessesTheNextMessage()
    {
        var message = QueuesModelFactory.QueueMessage("m1", "receipt-1", Convert.ToBase64String(Encoding.UTF8.GetBytes("absensi hari 2")), 1);
        var queue = new Mock<QueueClient>();
        queue.Setup(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>())).ReturnsAsync((Response)null!);
        var polls = 0;
        queue.Setup(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => ++polls switch
            {
                1 => throw new RequestFailedException(503, "Server busy", QueueErrorCode.ServerBusy.ToString(), null),
                2 => Response.FromValue(new[] { message }, Mock.Of<Response>()),
                _ => Response.FromValue(Array.Empty<QueueMessage>(), Mock.Of<Response>()),
            });
        var deleted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Setup(q => q.DeleteMessageAsync("m1", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string receipt, CancellationToken _) => deleted.TrySetResult(receipt))
            .ReturnsAsync(Mock.Of<Response>());
        var service = new Mock<QueueServiceClient>();
        service.Setup(s => s.GetQueueClient("work")).Returns(queue.Object);
        service.Setup(s => s.GetQueueClient("work-poison")).Returns(Mock.Of<QueueClient>());
        var handled = new List<string>();
        var (listener, provider) = CreateListener(service.Object, invocation =>
        {
            handled.Add(invocation.QueueMessage);
            return Task.CompletedTask;
        });
        using var stop = new CancellationTokenSource();

        var running = listener.RunAsync(stop.Token);
        var receipt = await deleted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running;

        Assert.Equal("receipt-1", receipt);
        Assert.Equal(["absensi hari 2"], handled);
        listener.Dispose();
        await provider.DisposeAsync();
    }

    private (QueueTriggerListener Listener, ServiceProvider Provider) CreateListener(QueueServiceClient service, Func<TriggerInvocation, Task> handler)
    {
        var app = FunctionAppMetadata.Load(_root, new ConfigurationBuilder().Build());
        var provider = new ServiceCollection().AddLogging().BuildServiceProvider();
        var invoker = new FunctionInvoker(
            app,
            [new TriggerFunctionRegistration("Work", (_, invocation, _) => handler(invocation))],
            provider.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<FunctionInvoker>.Instance);
        var options = new StandaloneOptions { QueueMinPollingInterval = TimeSpan.FromMilliseconds(10) };
        var listener = new QueueTriggerListener(app.Functions[0], service, app.Host.Queues, options, invoker, new QueueWakeups(), TimeProvider.System, NullLogger.Instance);
        return (listener, provider);
    }
}
