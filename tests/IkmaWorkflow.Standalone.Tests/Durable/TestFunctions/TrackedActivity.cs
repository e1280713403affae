using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Activities that record where they ran and take a little time, so that work spreads over hosts.</summary>
/// <param name="host">The host's name.</param>
/// <param name="ledger">Shared by the hosts of one test.</param>
public sealed class TrackedActivity(HostName host, WorkLedger ledger)
{
    /// <summary>Records the call under <paramref name="key"/> after a short pause.</summary>
    [Function(nameof(DurableTrackedStep))]
    public async Task DurableTrackedStep([ActivityTrigger] string key, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        ledger.RecordActivity(host.Name, key);
    }

    /// <summary>Records the call and returns the square of <paramref name="value"/> after a pause.</summary>
    [Function(nameof(DurableSlowSquare))]
    public async Task<long> DurableSlowSquare([ActivityTrigger] int value, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        ledger.RecordActivity(host.Name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (long)value * value;
    }
}
