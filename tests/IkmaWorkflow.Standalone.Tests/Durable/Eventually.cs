namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Polls until a probe answers, for what the host finishes in the background; never a fixed sleep.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns the probe's first non-null answer, or fails with <paramref name="describe"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<string> describe, TimeSpan timeout)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not reached within {timeout.TotalSeconds:0} s: {describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Returns once the condition holds, or fails with <paramref name="describe"/> after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan timeout) =>
        await GetAsync(async () => await condition() ? string.Empty : null, describe, timeout);

    /// <summary>Returns once the condition holds, or fails with <paramref name="describe"/> after <paramref name="timeout"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan timeout) =>
        TrueAsync(() => Task.FromResult(condition()), describe, timeout);
}
