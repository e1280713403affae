using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>
/// The engine scenarios' orchestrators and activity, registered on the app's own durable worker beside its functions,
/// so they run on the same engine, sidecar and settings. Their work is empty on purpose: the figures are the engine's.
/// </summary>
/// <remarks>Replay-safe like the app's orchestrators: no clock, no randomness, no I/O; only the context's calls.</remarks>
internal static class EngineWorkflows
{
    /// <summary>Calls <see cref="Echo"/> the given number of times, one after another; answers the sum of the answers.</summary>
    public const string Chain = "BenchmarkChain";

    /// <summary>Calls <see cref="Echo"/> the given number of times at once and waits for all; answers the sum.</summary>
    public const string FanOut = "BenchmarkFanOut";

    /// <summary>Waits for the given number of <see cref="Tick"/> events, one at a time; answers the sum of their payloads.</summary>
    public const string EventLoop = "BenchmarkEventLoop";

    /// <summary>The activity: answers its input.</summary>
    public const string Echo = "BenchmarkEcho";

    /// <summary>The event <see cref="EventLoop"/> waits for.</summary>
    public const string Tick = "Tick";

    /// <summary>Adds the orchestrators and the activity to the worker's registry.</summary>
    public static void Add(IServiceCollection services) =>
        services.AddOptions<DurableTaskRegistry>(Options.DefaultName).Configure(registry =>
        {
            registry.AddActivityFunc<int, int>(Echo, (_, input) => input);
            registry.AddOrchestratorFunc<int, long>(Chain, async (context, steps) =>
            {
                long sum = 0;
                for (var i = 0; i < steps; i++)
                {
                    sum += await context.CallActivityAsync<int>(Echo, i);
                }

                return sum;
            });
            registry.AddOrchestratorFunc<int, long>(FanOut, async (context, count) =>
            {
                var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(Echo, i)));
                return answers.Sum(a => (long)a);
            });
            registry.AddOrchestratorFunc<int, long>(EventLoop, async (context, count) =>
            {
                long sum = 0;
                for (var i = 0; i < count; i++)
                {
                    sum += await context.WaitForExternalEvent<int>(Tick);
                }

                return sum;
            });
        });

    /// <summary>The sum 0 + 1 + … + (<paramref name="count"/> − 1), which every orchestrator here answers for its count.</summary>
    public static long ExpectedSum(int count) => (long)count * (count - 1) / 2;
}
