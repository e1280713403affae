namespace IkmaWorkflow.Standalone.Tests;

/// <summary>
/// Waits on something observable (a recorded call, a log event, a queue's count) by polling it, never by sleeping a
/// fixed time; and checks that a state holds throughout a window, for what must not happen.
/// </summary>
internal static class Eventually
{
    /// <summary>How long a condition may take before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="failure"/> after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static Task TrueAsync(Func<bool> condition, string failure, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), failure, within);

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="failure"/> after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string failure, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not within {(within ?? Patience).TotalSeconds:0.#} s: {failure}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls <paramref name="condition"/> for <paramref name="during"/> and fails with <paramref name="failure"/> the first time it does not hold.</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan during, string failure)
    {
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
