using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// Driver mode: measures the storage floor, runs each scenario against a fresh private in-memory Azurite and fresh
/// worker processes, and prints one JSON line per result, then a summary line. Everything it started is stopped on
/// the way out, Ctrl+C and SIGTERM included.
/// </summary>
internal static class BenchmarkDriver
{
    private const double Megabyte = 1024 * 1024;

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        using var stop = new CancellationTokenSource();
        var signals = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (stop.IsCancellationRequested)
                {
                    // A second signal: stop now; the children go with us.
                    ChildProcesses.KillAll();
                    return;
                }

                context.Cancel = true;
                Diagnostic($"{context.Signal}: stopping and cleaning up");
                stop.Cancel();
            }));
        }

        // Every scenario, and the floor, gets an Azurite of its own, started empty: Azurite sweeps deleted queue
        // messages every 60 s in a pass whose cost grows with the square of their number, and answers nothing while it
        // runs (seconds, tens of seconds after a few thousand messages), and its queue operations slow down with every
        // message a queue holds, invisible ones included. One Azurite for the whole run would make each scenario pay
        // for the ones before it.
        AzuriteInstance? azurite = null;
        try
        {
            azurite = await StartAzuriteAsync("floor", stop.Token);
            var clock = Stopwatch.StartNew();
            var floor = await FloorScenario.RunAsync(azurite.ConnectionString, arguments.FloorDuration, stop.Token);
            Emit(new FloorLine("floor", Math.Round(floor.SerialOpsPerSecond, 1), Math.Round(floor.OpsPerSecond, 1)));
            Diagnostic($"floor took {clock.Elapsed.TotalSeconds:0.0} s");
            await azurite.DisposeAsync();
            azurite = null;

            var checks = new List<TargetCheck>();
            foreach (var scenario in arguments.Scenarios)
            {
                azurite = await StartAzuriteAsync(scenario, stop.Token);
                var line = await RunScenarioAsync(scenario, azurite.ConnectionString, arguments, floor, stop.Token);
                checks.AddRange(TargetCheck.For(scenario, line));
                await azurite.DisposeAsync();
                azurite = null;
            }

            var passed = checks.Count(c => c.Pass);
            Emit(new SummaryLine("summary", passed == checks.Count, passed, checks.Count - passed, checks));
            return passed == checks.Count ? 0 : 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Diagnostic("cancelled");
            return 130;
        }
        finally
        {
            ChildProcesses.KillAll();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            foreach (var registration in signals)
            {
                registration.Dispose();
            }
        }
    }

    private static async Task<ScenarioLine?> RunScenarioAsync(string scenario, string connectionString, BenchmarkArguments arguments, FloorResult floor, CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(arguments.TimeoutFor(scenario));
        ScenarioSession? session = null;
        try
        {
            Diagnostic($"{scenario}: starting {arguments.Workers} worker process(es)");
            session = await ScenarioSession.StartAsync(scenario, connectionString, arguments.Workers, timeout.Token);
            Diagnostic($"{scenario}: running on task hub {session.Hub}");
            var measured = await Scenarios.RunAsync(scenario, session, arguments, timeout.Token);
            var seconds = measured.Elapsed.TotalSeconds;
            var rate = measured.Activities / seconds;
            var perActivity = (double)measured.Window.All.Total / measured.Activities;
            var line = new ScenarioLine(
                scenario,
                measured.Activities,
                Math.Round(seconds, 2),
                Math.Round(rate, 1),
                Math.Round(perActivity, 2),
                Math.Round(Percentile(measured.LatenciesMs, 50), 1),
                Math.Round(Percentile(measured.LatenciesMs, 99), 1),
                Math.Round(measured.Window.PeakWorkingSetBytes / Megabyte, 1),
                Math.Round(rate * perActivity / floor.OpsPerSecond, 3));
            Emit(line);
            Diagnostic($"{scenario}: transactions driver {measured.Window.Driver.Total}, workers {measured.Window.Workers.Total} ({Describe(measured.Window.All)}); " +
                $"worker working set at the end {measured.Window.WorkingSetBytes / Megabyte:0.0} MB");
            if (measured.Note is { } note)
            {
                Diagnostic($"{scenario}: {note}");
            }

            return line;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // A failed or timed-out scenario is reported and the next one runs; only Ctrl+C ends the run.
            var error = timeout.IsCancellationRequested ? $"timed out after {arguments.TimeoutFor(scenario).TotalSeconds:0} s" : $"{ex.GetType().Name}: {ex.Message}";
            await EmitErrorAsync(scenario, error, session);
            return null;
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            Diagnostic($"{scenario}: took {clock.Elapsed.TotalSeconds:0.0} s in all (worker start and stop included)");
        }
    }

    private static Task<AzuriteInstance> StartAzuriteAsync(string scenario, CancellationToken cancellationToken)
    {
        Diagnostic($"{scenario}: starting a private in-memory Azurite");
        return AzuriteInstance.StartAsync(cancellationToken);
    }

    // What the workers had done until the failure is still worth knowing (how far idle got, and its memory).
    private static async Task EmitErrorAsync(string scenario, string error, ScenarioSession? session)
    {
        var progress = session is null ? null : await session.TryGetProgressAsync();
        Emit(new ErrorLine(scenario, error, progress is { } p ? Math.Round(p.PeakWorkingSetBytes / Megabyte, 1) : null, progress?.Transactions));
    }

    /// <summary>Nearest-rank percentile; 0 for no samples.</summary>
    internal static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static string Describe(Storage.TransactionSnapshot transactions) =>
        string.Join(", ", transactions.ByKind.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));

    private static void Emit<T>(T line)
    {
        Console.Out.WriteLine(BenchmarkJson.Line(line));
        Console.Out.Flush();
    }

    private static void Diagnostic(string message) => Console.Error.WriteLine("# " + message);
}
