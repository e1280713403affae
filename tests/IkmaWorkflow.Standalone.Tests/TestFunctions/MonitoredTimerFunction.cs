using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A timer function on setting <c>TimerSchedule</c> that keeps a schedule status whatever its frequency.</summary>
internal sealed class MonitoredTimerFunction(Probe probe)
{
    [Function("Monitored")]
    public Task RunAsync([TimerTrigger("%TimerSchedule%", UseMonitor = true)] TimerInfo timer) =>
        probe.RecordAsync(timer, CancellationToken.None);
}
