namespace IkmaWorkflow.StandaloneHost.Tests;

/// <summary>
/// Waits on something observable (an HTTP answer, a table row, a process's output) by polling it, never by sleeping a
/// fixed time. Every wait is bounded: generous for a busy two-core machine, but a test never hangs.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polls <paramref name="probe"/> every <paramref name="every"/> (default 200 ms) until it answers a value, and
    /// returns it; fails with <paramref name="describe"/> (asked only then) after <paramref name="within"/>.
    /// </summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan within, Func<string> describe, TimeSpan? every = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not within {within.TotalSeconds:0.#} s: {describe()}");
            }

            await Task.Delay(every ?? DefaultInterval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/> after <paramref name="within"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> describe, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return GetAsync(async () => await condition() ? string.Empty : null, within, describe, every);
    }
}
