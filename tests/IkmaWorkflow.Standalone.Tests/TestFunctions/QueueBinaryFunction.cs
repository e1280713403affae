using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function taking the message as <see cref="BinaryData"/>.</summary>
internal sealed class QueueBinaryFunction(Probe probe)
{
    [Function("WorkBinary")]
    public Task RunAsync([QueueTrigger("%WorkQueue%")] BinaryData message) => probe.RecordAsync(message, CancellationToken.None);
}
