namespace IkmaWorkflow.EndToEndTests;

/// <summary>Polls until a probe answers, for what the app finishes in the background (orchestrations, the outbox).</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<string> describe, int seconds = 60)
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

            await Task.Delay(250);
        }
    }
}
