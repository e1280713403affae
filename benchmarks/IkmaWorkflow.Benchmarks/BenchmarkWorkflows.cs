using IkmaWorkflow.DurableTask;

namespace IkmaWorkflow.Benchmarks;

/// <summary>
/// The orchestrators and activities the scenarios run. Both the driver (whose client checks names against the
/// registry) and the workers register them. The activity does no work of its own, so the figures are the engine's.
/// </summary>
internal static class BenchmarkWorkflows
{
    public const string Echo = "Echo";
    public const string Sequence = "Sequence";
    public const string FanOut = "FanOut";
    public const string EventLoop = "EventLoop";
    public const string Sleeper = "Sleeper";
    public const string TickEvent = "Tick";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<int, int>(Echo, static (_, value) => Task.FromResult(value))

        // Calls Echo count times, one after the other; returns the sum of 0..count-1.
        .AddOrchestratorFunc<int, long>(Sequence, static async (context, count) =>
        {
            var sum = 0L;
            for (var i = 0; i < count; i++)
            {
                sum += await context.CallActivityAsync<int>(Echo, i);
            }

            return sum;
        })

        // Calls Echo count times at once and waits for all; returns the sum of 0..count-1.
        .AddOrchestratorFunc<int, long>(FanOut, static async (context, count) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(Echo, i)));
            return results.Sum(static r => (long)r);
        })

        // Waits for count Tick events, one at a time; returns how many arrived.
        .AddOrchestratorFunc<int, int>(EventLoop, static async (context, count) =>
        {
            var received = 0;
            for (var i = 0; i < count; i++)
            {
                await context.WaitForExternalEvent<int>(TickEvent);
                received++;
            }

            return received;
        })

        // Sleeps on a durable timer (an hour by default), then ends.
        .AddOrchestratorFunc<int, bool>(Sleeper, static async (context, minutes) =>
        {
            await context.CreateTimer(TimeSpan.FromMinutes(minutes), CancellationToken.None);
            return true;
        });
}
