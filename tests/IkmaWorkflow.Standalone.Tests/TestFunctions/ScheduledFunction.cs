using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A timer function on setting <c>TimerSchedule</c>, with the schedule monitor left to its default.</summary>
internal sealed class ScheduledFunction(Probe probe)
{
    [Function("Scheduled")]
    public Task RunAsync([TimerTrigger("%TimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        probe.RecordAsync(timer, cancellationToken);
}
