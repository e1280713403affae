namespace IkmaWorkflow.Programmes.Tests;

/// <summary>Polls until a probe answers, for what runs in the background (orchestrations on the test host).</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<string> describe, int seconds = 30)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not reached within {seconds} s: {describe()}");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, Func<string> describe, int seconds = 30) =>
        GetAsync(async () => await probe() ? string.Empty : null, describe, seconds);
}
