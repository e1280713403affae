using System.Globalization;
using IkmaWorkflow.Benchmarks.Driver;

namespace IkmaWorkflow.Benchmarks;

/// <summary>The command line (docs/benchmark.md lists it).</summary>
internal sealed class BenchmarkArguments
{
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/IkmaWorkflow.Benchmarks [-- options]

          --scenario NAME          run only this scenario (repeatable, or comma-separated):
                                   sequential, fanout, concurrent, events, idle; default all. floor always runs first.
          --workers N              app processes under test (default 1)
          --idle-instances N       instances the idle scenario starts (default 10000)
          --idle-settle-seconds N  how long idle keeps its window open after all instances run (default 5)
          --floor-seconds N        duration of each floor phase (default 5)
          --timeout-seconds N      limit per scenario (default 600; 1800 for idle)

        stdout: one JSON object per line; stderr: progress and diagnostics (lines starting with '#', worker errors).
        """;

    public List<string> Scenarios { get; } = [];

    public int Workers { get; private set; } = 1;

    public int IdleInstances { get; private set; } = 10_000;

    public TimeSpan IdleSettle { get; private set; } = TimeSpan.FromSeconds(5);

    public TimeSpan FloorDuration { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>The limit per scenario given on the command line, or null for the defaults (<see cref="TimeoutFor"/>).</summary>
    public TimeSpan? ScenarioTimeout { get; private set; }

    public bool Help { get; private set; }

    /// <summary>
    /// The limit for <paramref name="scenario"/>: the one given, else 600 s, and 1,800 s for idle, whose 10,000
    /// starts Azurite serves ever more slowly as their timers fill its queue.
    /// </summary>
    public TimeSpan TimeoutFor(string scenario) =>
        ScenarioTimeout ?? TimeSpan.FromSeconds(scenario == Driver.Scenarios.Idle ? 1800 : 600);

    /// <summary>Worker mode: the task hub, or null for the driver.</summary>
    public string? WorkerHub { get; private set; }

    /// <summary>Worker mode: the HTTP port.</summary>
    public int WorkerPort { get; private set; }

    public bool IsWorker { get; private set; }

    /// <exception cref="ArgumentException">An argument is wrong; the message says which.</exception>
    public static BenchmarkArguments Parse(string[] args)
    {
        var parsed = new BenchmarkArguments();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    parsed.Help = true;
                    break;
                case "--worker":
                    parsed.IsWorker = true;
                    break;
                case "--hub":
                    parsed.WorkerHub = Value(args, ref i);
                    break;
                case "--port":
                    parsed.WorkerPort = Number(args, ref i, 1, 65535);
                    break;
                case "--scenario":
                    foreach (var scenario in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var known = Driver.Scenarios.All.FirstOrDefault(s => s.Equals(scenario, StringComparison.OrdinalIgnoreCase))
                            ?? throw new ArgumentException($"Unknown scenario '{scenario}'; the scenarios are {string.Join(", ", Driver.Scenarios.All)}.");
                        if (!parsed.Scenarios.Contains(known))
                        {
                            parsed.Scenarios.Add(known);
                        }
                    }

                    break;
                case "--workers":
                    parsed.Workers = Number(args, ref i, 1, 16);
                    break;
                case "--idle-instances":
                    parsed.IdleInstances = Number(args, ref i, 1, 1_000_000);
                    break;
                case "--idle-settle-seconds":
                    parsed.IdleSettle = TimeSpan.FromSeconds(Number(args, ref i, 0, 3600));
                    break;
                case "--floor-seconds":
                    parsed.FloorDuration = TimeSpan.FromSeconds(Number(args, ref i, 1, 600));
                    break;
                case "--timeout-seconds":
                    parsed.ScenarioTimeout = TimeSpan.FromSeconds(Number(args, ref i, 1, 86_400));
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{name}'.");
            }
        }

        if (parsed.Scenarios.Count == 0)
        {
            parsed.Scenarios.AddRange(Driver.Scenarios.All);
        }

        if (parsed.IsWorker && (parsed.WorkerHub is null || parsed.WorkerPort == 0))
        {
            throw new ArgumentException("--worker needs --hub and --port.");
        }

        return parsed;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int Number(string[] args, ref int i, int min, int max)
    {
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{args[i - 1]} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
