using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>forms</c>: single enrolments (<c>POST /api/programmes/{id}/participants</c>, each with its own
/// <c>Idempotency-Key</c>) sent by C concurrent callers, C = 1, 16 and 64, one line per C. Each caller enrols into a
/// programme of its own, as facilities enrolling at the same time do: enrolments into one programme commit against its
/// row's ETag, so callers sharing one would mostly measure their conflicts. Target at 16: p99 ≤ 250 ms; no errors at any C.
/// </summary>
/// <remarks>
/// Latency is the caller's, from sending the request to reading the whole answer. The programmes of a level are opened
/// and planned first, then the benchmark waits until their orchestrations have settled and no email is queued
/// (<see cref="AppQuiet"/>), so the level measures the forms and not the setup's aftermath. A warm-up of ten
/// enrolments runs before the first level.
/// </remarks>
internal static class FormsScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "forms";

    private const double TargetP99Ms = 250;
    private const int TargetConcurrency = 16;
    private const int WarmUpRequests = 10;
    private const int SetupParallelism = 8;

    // Requests per caller: as many as a level of about 500 takes, within a programme's 99 places.
    private static readonly (int Concurrency, int PerCaller)[] Levels = [(1, 99), (16, 30), (64, 10)];

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(ProgrammeForms.ClockStart, cancellationToken);
        using var session = new DemoSession(app.BaseAddress, BenchmarkApp.OperatorKeyValue, TextWriter.Null);
        var mous = await DemoDirectory.RegisterAsync(session, cancellationToken);
        await session.Clock.MoveToAsync(TangerangCase.StartsAt, cancellationToken);
        var letterId = await ProgrammeForms.LetterAsync(new ProgrammeSteps(session, "benchmark-forms"), cancellationToken);
        var facility = session.As(ProgrammeForms.Facility);

        Progress.Say($"{Name}: warm-up, {WarmUpRequests} enrolments");
        var warmUp = await OpenAsync(app, session, mous, letterId, "warm-up", 1, cancellationToken);
        await SendAsync(facility, warmUp, WarmUpRequests, cancellationToken);

        var lines = new List<JsonObject>();
        var targets = new List<Target>();
        foreach (var (concurrency, perCaller) in Levels)
        {
            var programmes = await OpenAsync(app, session, mous, letterId, $"c{concurrency}", concurrency, cancellationToken);
            Progress.Say($"{Name}: {concurrency} callers × {perCaller} enrolments");
            var level = await SendAsync(facility, programmes, perCaller, cancellationToken);
            var p50 = Percentile.Of(level.LatenciesMs, 50);
            var p99 = Percentile.Of(level.LatenciesMs, 99);
            lines.Add(new JsonObject
            {
                ["scenario"] = Name,
                ["concurrency"] = concurrency,
                ["requests"] = level.LatenciesMs.Count,
                ["p50Ms"] = p50,
                ["p99Ms"] = p99,
                ["perSecond"] = Math.Round(level.LatenciesMs.Count / level.Seconds, 1),
                ["errors"] = level.Errors,
                ["loadAverage"] = MachineLoad.OneMinute(),
            });
            var label = $"{Name} concurrency {concurrency}";
            targets.Add(new Target(label, "errors", 0, level.Errors));
            if (concurrency == TargetConcurrency)
            {
                targets.Add(new Target(label, "p99Ms", TargetP99Ms, p99));
            }
        }

        return new ScenarioResult(lines, targets);
    }

    // Opens `count` programmes ready for enrolments, a few at a time, and waits until the app has settled.
    private static async Task<IReadOnlyList<string>> OpenAsync(BenchmarkApp app, DemoSession session, DemoMous mous, string letterId, string level, int count, CancellationToken cancellationToken)
    {
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var steps = new ProgrammeSteps(session, $"benchmark-forms-{level}-{i}");
            await ProgrammeForms.OpenAndPlanAsync(steps, mous, letterId, $"Bimtek Wirausaha Baru IKM (benchmark {level}-{i})", ct);
            ids.Add(steps.ProgrammeId);
        });
        await AppQuiet.WaitAsync(app, ids, "Enrolling", cancellationToken);
        return [.. ids];
    }

    // One caller per programme, each sending `perCaller` enrolments one after another.
    private static async Task<LevelOutcome> SendAsync(HttpClient facility, IReadOnlyList<string> programmes, int perCaller, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(programmes.Select((programmeId, caller) => Task.Run(async () =>
        {
            var names = FictionalNames.Generate(perCaller, seed: caller + 1, FictionalNames.Women);
            for (var i = 0; i < perCaller; i++)
            {
                var track = TangerangCase.Tracks[i % TangerangCase.Tracks.Count].Code;
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{programmeId}/participants")
                {
                    Content = JsonContent.Create(new { type = "Inmate", track, fullName = names[i], expectedReleaseMonth = "2024-06" }),
                };
                request.Headers.Add("Idempotency-Key", $"benchmark-forms:{programmeId}:{i}");
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await facility.SendAsync(request, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        Progress.Say($"{Name}: enrolment answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}");
                    }
                }
                catch (HttpRequestException ex)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref errors);
                    Progress.Say($"{Name}: enrolment failed: {ex.Message}");
                }
            }
        }, cancellationToken)));
        return new LevelOutcome([.. latencies], watch.Elapsed.TotalSeconds, errors);
    }

    private sealed record LevelOutcome(IReadOnlyList<double> LatenciesMs, double Seconds, int Errors);
}
