using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A yearly timer function that also runs when the app starts.</summary>
internal sealed class StartupTimerFunction(Probe probe)
{
    [Function("Yearly")]
    public Task RunAsync([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) =>
        probe.RecordAsync(timer, CancellationToken.None);
}
