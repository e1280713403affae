using Xunit;

namespace IkmaWorkflow.Testing;

/// <summary>
/// The tests' one way to wait for what the app does in the background (an orchestration, a queue message, a timer):
/// poll an observable state until it holds, or fail naming what did not happen. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless the caller says otherwise: generous for a busy 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it answers a value, and returns it.</summary>
    /// <param name="probe">Answers the value, or null while it is not there yet.</param>
    /// <param name="describe">What did not happen, asked only on failure.</param>
    /// <param name="within">How long to wait; default <see cref="Patience"/>.</param>
    /// <param name="every">
    /// How often to poll; default 100 ms. Slower for a probe that costs the app under test (a child process's HTTP
    /// API, a table query), faster to catch a short-lived state.
    /// </param>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<string> describe, TimeSpan? within = null, TimeSpan? every = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(describe);
        var limit = within ?? Patience;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not reached within {limit.TotalSeconds:0.#} s: {describe()}");
            }

            await Task.Delay(every ?? PollInterval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it is true.</summary>
    /// <param name="condition">Whether it has happened.</param>
    /// <param name="describe">What did not happen, asked only on failure.</param>
    /// <param name="within">How long to wait; default <see cref="Patience"/>.</param>
    /// <param name="every">How often to poll; default 100 ms (see <see cref="GetAsync{T}"/>).</param>
    public static Task TrueAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? within = null, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return GetAsync(async () => await condition() ? string.Empty : null, describe, within, every);
    }

    /// <summary>Polls <paramref name="condition"/> until it is true.</summary>
    public static Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), describe, within);

    /// <summary>Polls <paramref name="condition"/> until it is true; <paramref name="failure"/> says what did not happen.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string failure, TimeSpan? within = null) =>
        TrueAsync(condition, () => failure, within);

    /// <summary>Polls <paramref name="condition"/> until it is true; <paramref name="failure"/> says what did not happen.</summary>
    public static Task TrueAsync(Func<bool> condition, string failure, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), () => failure, within);

    /// <summary>Checks that <paramref name="condition"/> stays true for all of <paramref name="during"/>: for what must not happen.</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan during, string failure)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = DateTime.UtcNow + during;
        do
        {
            Assert.True(condition(), failure);
            await Task.Delay(PollInterval);
        }
        while (DateTime.UtcNow < end);
        Assert.True(condition(), failure);
    }
}
