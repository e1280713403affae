using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function taking the message text.</summary>
internal sealed class QueueTextFunction(Probe probe)
{
    [Function("WorkText")]
    public Task RunAsync([QueueTrigger("%WorkQueue%", Connection = "AzureWebJobsStorage")] string message) =>
        probe.RecordAsync(message, CancellationToken.None);
}
