namespace IkmaWorkflow.FunctionApp.Functions.Clock;

/// <summary>
/// A clock that is real time shifted by an offset: the app's clock in demos (app setting <c>DemoClock__Enabled</c>) and
/// in the tests that host the app. Only "now" moves; delays, leases and back-offs stay real, so the app behaves as in
/// production while its calendar jumps to a training week or months past a release.
/// </summary>
/// <param name="startUtc">The time the clock shows at once; it ticks on from there.</param>
public sealed class DemoClock(DateTimeOffset startUtc) : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _offset = startUtc - System.GetUtcNow();

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    /// <summary>Moves "now" to <paramref name="utcNow"/>, forwards or back; it ticks on from there.</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        lock (_lock)
        {
            _offset = utcNow - System.GetUtcNow();
        }
    }

    /// <summary>
    /// Moves "now" to <paramref name="target"/> unless that is earlier than the current time, which is left alone.
    /// </summary>
    /// <returns>Whether the clock moved; <paramref name="before"/> is the time it showed when asked.</returns>
    public bool TryAdvanceTo(DateTimeOffset target, out DateTimeOffset before)
    {
        lock (_lock)
        {
            before = System.GetUtcNow() + _offset;
            if (target < before)
            {
                return false;
            }

            _offset = target - System.GetUtcNow();
            return true;
        }
    }
}
