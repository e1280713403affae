using System.Globalization;

namespace IkmaWorkflow.Benchmarks;

/// <summary>The command line (docs/benchmark.md).</summary>
internal sealed class BenchmarkOptions
{
    /// <summary>What <c>--help</c> prints, and a bad argument after its message.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/IkmaWorkflow.Benchmarks [-- options]

          --scenario NAME        run only this scenario; repeat it or separate names with commas:
                                 certificates, demo, forms, upload, load, sequential, fanout, concurrent, events, idle
                                 (default: all, in that order)
          --timeout-seconds N    limit per scenario (default 600)

        stdout: one JSON object per line; stderr: progress (lines starting with '#') and the app's warnings and errors.
        exit code: 0 every target met, 1 a target missed or a scenario failed, 2 a bad argument, 130 interrupted.
        """;

    private BenchmarkOptions(IReadOnlyList<string> scenarios, TimeSpan timeout, bool help)
    {
        Scenarios = scenarios;
        Timeout = timeout;
        Help = help;
    }

    /// <summary>The scenarios to run, in the order they are known.</summary>
    public IReadOnlyList<string> Scenarios { get; }

    /// <summary>The limit per scenario.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether only the usage was asked for.</summary>
    public bool Help { get; }

    /// <summary>Reads <paramref name="args"/>; <paramref name="known"/> lists the scenarios in the order they run.</summary>
    /// <exception cref="ArgumentException">An argument is wrong; the message says which and what is expected.</exception>
    public static BenchmarkOptions Parse(string[] args, IReadOnlyList<string> known)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var timeout = TimeSpan.FromSeconds(600);
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--scenario":
                    foreach (var name in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        chosen.Add(known.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase))
                            ?? throw new ArgumentException($"Unknown scenario '{name}'; the scenarios are {string.Join(", ", known)}."));
                    }

                    break;
                case "--timeout-seconds":
                    var text = Value(args, ref i);
                    timeout = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new ArgumentException($"--timeout-seconds must be a whole number of seconds from 1 to 86400, not '{text}'.");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new BenchmarkOptions(chosen.Count == 0 ? known : [.. known.Where(chosen.Contains)], timeout, help);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
