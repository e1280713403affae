namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>
/// The app's clock in these tests: real time shifted by an offset the tests set. Only "now" moves; timers, delays and
/// timestamps stay real, so polling, leases and back-offs behave as in production while the programme's calendar
/// jumps to the training week or months past a release.
/// </summary>
internal sealed class TestClock(DateTimeOffset startUtc) : TimeProvider
{
    private readonly Lock _lock = new();
    private TimeSpan _offset = startUtc - System.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    /// <summary>Moves "now" to <paramref name="utcNow"/>; it goes on ticking from there.</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        lock (_lock)
        {
            _offset = utcNow - System.GetUtcNow();
        }
    }
}
