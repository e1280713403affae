namespace IkmaWorkflow.Standalone.Tests;

/// <summary>
/// Real time shifted to a chosen instant, moved by the test as the app's demo clock is: "now" jumps, delays stay
/// real. Timer tests run on it so their occurrences are fixed instants, not whatever hour the test runs in.
/// </summary>
internal sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    /// <summary>Moves "now" to <paramref name="utcNow"/>; it ticks on from there.</summary>
    public void Set(DateTimeOffset utcNow)
    {
        lock (_lock)
        {
            _offset = utcNow - System.GetUtcNow();
        }
    }
}
