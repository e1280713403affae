using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function taking the message bytes.</summary>
internal sealed class QueueBytesFunction(Probe probe)
{
    [Function("WorkBytes")]
    public Task RunAsync([QueueTrigger("%WorkQueue%")] byte[] message) => probe.RecordAsync(message, CancellationToken.None);
}
