using System.Diagnostics;
using System.Text.Json.Nodes;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>upload</c>: the memory an enrolment CSV costs the app. A 25 MB file of a million rows is sent twice each way a
/// careless partner or an attacker sends it (its length declared, chunked, to a programme that does not exist), then a
/// valid file of 33 rows (a track's places) once. Per case: the bytes the process allocated per request, the working
/// set's peak above where it started, and the managed heap kept after a full collection. Target: at most 64 MB
/// allocated per request and 16 MB kept, for every case.
/// </summary>
/// <remarks>
/// The app runs in this process (<see cref="BenchmarkApp"/>), so the figures are the process's; the driver writes the
/// file into one reused buffer (<see cref="CsvUpload"/>), so what it allocates is small. The working set is sampled
/// every 10 ms while a case runs.
/// </remarks>
internal static class UploadScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "upload";

    private const double TargetAllocatedMb = 64;
    private const double TargetRetainedMb = 16;
    private const int MillionRows = 1_000_000;

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(ProgrammeForms.ClockStart, cancellationToken);
        using var session = new DemoSession(app.BaseAddress, BenchmarkApp.OperatorKeyValue, TextWriter.Null);
        var mous = await DemoDirectory.RegisterAsync(session, cancellationToken);
        await session.Clock.MoveToAsync(TangerangCase.StartsAt, cancellationToken);
        var steps = new ProgrammeSteps(session, "benchmark-upload");
        var letterId = await ProgrammeForms.LetterAsync(steps, cancellationToken);
        await ProgrammeForms.OpenAndPlanAsync(steps, mous, letterId, "Bimtek Wirausaha Baru IKM (benchmark upload)", cancellationToken);
        await AppQuiet.WaitAsync(app, [steps.ProgrammeId], "Enrolling", cancellationToken);
        var facility = session.As(ProgrammeForms.Facility);
        var track = TangerangCase.Tracks[0].Code;

        var cases = new (string Case, string ProgrammeId, Func<HttpContent> File, int Times)[]
        {
            // Track "a" makes the rows 25 bytes; the file is refused before any row's cells are judged.
            ("csv-25mb-declared", steps.ProgrammeId, () => new CsvUpload("a", MillionRows, declareLength: true).Typed(), 2),
            ("csv-25mb-chunked", steps.ProgrammeId, () => new CsvUpload("a", MillionRows, declareLength: false).Typed(), 2),
            ("csv-25mb-no-programme", "prg-nosuchprog", () => new CsvUpload("a", MillionRows, declareLength: true).Typed(), 2),
            ("csv-33-rows-valid", steps.ProgrammeId, () => new CsvUpload(track, 33, declareLength: true).Typed(), 1),
        };

        var lines = new List<JsonObject>();
        var targets = new List<Target>();
        foreach (var (name, programmeId, file, times) in cases)
        {
            Progress.Say($"{Name}: {name}, {times} time(s)");
            var measured = await MeasureAsync(facility, programmeId, file, times, cancellationToken);
            lines.Add(new JsonObject
            {
                ["scenario"] = Name,
                ["case"] = name,
                ["statuses"] = string.Join(',', measured.Statuses),
                ["msPerRequest"] = Math.Round(measured.Milliseconds / times, 1),
                ["allocatedMbPerRequest"] = Math.Round(measured.AllocatedMb / times, 1),
                ["peakWorkingSetGrowthMb"] = Math.Round(measured.PeakGrowthMb, 1),
                ["retainedHeapMb"] = Math.Round(measured.RetainedMb, 1),
                ["loadAverage"] = MachineLoad.OneMinute(),
            });
            targets.Add(new Target($"{Name} {name}", "allocatedMbPerRequest", TargetAllocatedMb, Math.Round(measured.AllocatedMb / times, 1)));
            targets.Add(new Target($"{Name} {name}", "retainedHeapMb", TargetRetainedMb, Math.Round(measured.RetainedMb, 1)));
        }

        return new ScenarioResult(lines, targets);
    }

    private static async Task<Measured> MeasureAsync(HttpClient facility, string programmeId, Func<HttpContent> file, int times, CancellationToken cancellationToken)
    {
        var heapBefore = FullCollection();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workingSetBefore = Environment.WorkingSet;
        var peak = workingSetBefore;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);

        var statuses = new List<int>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{programmeId}/participants/csv") { Content = file() };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            try
            {
                using var response = await facility.SendAsync(request, cancellationToken);
                await response.Content.ReadAsStringAsync(cancellationToken);
                statuses.Add((int)response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                Progress.Say($"{Name}: the request failed: {ex.Message}");
                statuses.Add(0);
            }
        }

        var milliseconds = watch.Elapsed.TotalMilliseconds;
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = FullCollection() - heapBefore;
        const double mb = 1024 * 1024;
        return new Measured(statuses, milliseconds, allocated / mb, (peak - workingSetBefore) / mb, Math.Max(0, retained) / mb);
    }

    private static long FullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed record Measured(IReadOnlyList<int> Statuses, double Milliseconds, double AllocatedMb, double PeakGrowthMb, double RetainedMb);
}
