using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function taking the whole message; the queue is setting <c>WorkQueue</c>.</summary>
internal sealed class QueueMessageFunction(Probe probe)
{
    [Function("Work")]
    public Task RunAsync([QueueTrigger("%WorkQueue%")] QueueMessage message, CancellationToken cancellationToken) =>
        probe.RecordAsync(message, cancellationToken);
}
