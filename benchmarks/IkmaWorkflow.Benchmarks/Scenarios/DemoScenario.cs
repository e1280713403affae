using System.Diagnostics;
using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.DemoData;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>demo</c>: the demo-data command's load of both cases (Tangerang 2023, Cipinang 2024, with Tangerang's follow-up
/// interleaved) into a fresh app with its demo clock an hour before the first form, as
/// <c>dotnet run --project src/IkmaWorkflow.DemoData</c> does against <c>./run --demo</c>. Target ≤ 90 s.
/// </summary>
internal static class DemoScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "demo";

    private const double TargetSeconds = 90;

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(DemoLoader.EarliestStart.AddHours(-1), cancellationToken);
        using var session = new DemoSession(app.BaseAddress, BenchmarkApp.OperatorKeyValue, Progress.Log);
        Progress.Say($"{Name}: loading both cases");
        var watch = Stopwatch.StartNew();
        await DemoLoader.RunAsync(session, cancellationToken);
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 2);
        var line = new JsonObject { ["scenario"] = Name, ["seconds"] = seconds };
        return new ScenarioResult([line], [new Target(Name, "seconds", TargetSeconds, seconds)]);
    }
}
