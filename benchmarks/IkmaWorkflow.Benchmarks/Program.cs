using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Scenarios;

// The product's benchmark (docs/benchmark.md): each scenario starts its own Azurite and app, prints its result lines,
// and stops them again; a summary line of the targets comes last.

// A result line stays readable; the exception with its stack goes to stderr whole.
const int MaxErrorLength = 300;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

(string Name, Func<CancellationToken, Task<ScenarioResult>> Run)[] scenarios =
[
    (CertificatesScenario.Name, CertificatesScenario.RunAsync),
    (DemoScenario.Name, DemoScenario.RunAsync),
    (FormsScenario.Name, FormsScenario.RunAsync),
    (UploadScenario.Name, UploadScenario.RunAsync),
    (LoadScenario.Name, LoadScenario.RunAsync),
    (SequentialScenario.Name, SequentialScenario.RunAsync),
    (FanOutScenario.Name, FanOutScenario.RunAsync),
    (ConcurrentScenario.Name, ConcurrentScenario.RunAsync),
    (EventsScenario.Name, EventsScenario.RunAsync),
    (IdleScenario.Name, IdleScenario.RunAsync),
];

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args, [.. scenarios.Select(s => s.Name)]);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"benchmark: {ex.Message}");
    await Console.Error.WriteLineAsync(BenchmarkOptions.Usage);
    return 2;
}

if (options.Help)
{
    await Console.Out.WriteLineAsync(BenchmarkOptions.Usage);
    return 0;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

var targets = new List<Target>();
foreach (var (name, run) in scenarios.Where(s => options.Scenarios.Contains(s.Name)))
{
    Progress.Say($"{name}: starting (load average {MachineLoad.OneMinute()})");
    using var limit = CancellationTokenSource.CreateLinkedTokenSource(interrupted.Token);
    limit.CancelAfter(options.Timeout);
    try
    {
        var result = await run(limit.Token);
        foreach (var line in result.Lines)
        {
            line["loadAverage"] ??= MachineLoad.OneMinute();
            await Console.Out.WriteLineAsync(line.ToJsonString());
        }

        targets.AddRange(result.Targets);
    }
    catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
    {
        await Console.Error.WriteLineAsync("benchmark: interrupted; Azurite and the app are stopped.");
        return 130;
    }
    catch (Exception ex)
    {
        // Reported, never skipped: the scenario's line says what went wrong and the run fails.
        var error = ex is OperationCanceledException ? $"timed out after {options.Timeout.TotalSeconds:0} s" : $"{ex.GetType().Name}: {ex.Message}";
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] + "… (the whole error is on stderr)" : error;
        await Console.Out.WriteLineAsync(new JsonObject { ["scenario"] = name, ["error"] = error, ["loadAverage"] = MachineLoad.OneMinute() }.ToJsonString());
        await Console.Error.WriteLineAsync($"# {name}: failed: {ex}");
        targets.Add(new Target(name, "completed", 0, null));
    }
}

var summary = new JsonObject
{
    ["scenario"] = "summary",
    ["passed"] = targets.All(t => t.Pass),
    ["targets"] = JsonSerializer.SerializeToNode(targets.Select(t => new { line = t.Line, metric = t.Metric, max = t.Max, value = t.Value, pass = t.Pass })),
};
await Console.Out.WriteLineAsync(summary.ToJsonString());
return targets.All(t => t.Pass) ? 0 : 1;

