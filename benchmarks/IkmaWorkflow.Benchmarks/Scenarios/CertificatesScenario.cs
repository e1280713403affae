using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Benchmarks.Driver;
using IkmaWorkflow.Benchmarks.Hosting;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Benchmarks.Scenarios;

/// <summary>
/// <c>certificates</c>: a programme of 90 participants, all qualifying, driven over the HTTP forms to its closing
/// report (Tangerang 2023's forms, tracks and week); measured from the closing report's answer until the last of the
/// 90 certificate PDFs is stored. Target ≤ 20 s.
/// </summary>
/// <remarks>
/// What the window holds: the stage-change event reaching the programme's orchestration, its next generation reading
/// the programme and announcing <c>Certifying</c>, deciding who qualifies, and 90 <c>IssueCertificate</c> activities at
/// once (each reserves a number, writes the public row, renders the PDF and uploads it). "Stored" is seen by listing
/// the certificates container every 100 ms, so the figure may be up to one listing late.
/// </remarks>
internal static class CertificatesScenario
{
    /// <summary>The scenario's name on the command line and in its result lines.</summary>
    public const string Name = "certificates";

    private const double TargetSeconds = 20;
    private static readonly TimeSpan ListInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Runs the scenario on an Azurite and app of its own, stopped again when it ends.</summary>
    public static async Task<ScenarioResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = await BenchmarkApp.StartAsync(ProgrammeForms.ClockStart, cancellationToken);
        using var session = new DemoSession(app.BaseAddress, BenchmarkApp.OperatorKeyValue, TextWriter.Null);
        var participants = TangerangCase.Participants().Select(p => p with { DaysPresent = 6, Passed = true, Score = Math.Max(p.Score, 70) }).ToList();

        Progress.Say($"{Name}: registering the organisations and driving a programme of {participants.Count} to its closing report");
        var mous = await DemoDirectory.RegisterAsync(session, cancellationToken);
        var steps = new ProgrammeSteps(session, "benchmark-certificates");
        await session.Clock.MoveToAsync(TangerangCase.StartsAt, cancellationToken);
        var letterId = await ProgrammeForms.LetterAsync(steps, cancellationToken);
        await ProgrammeForms.OpenAndPlanAsync(steps, mous, letterId, "Bimtek Wirausaha Baru IKM Batik dan Pangan Olahan (benchmark)", cancellationToken);
        await session.Clock.MoveToAsync(DemoClockClient.At(2023, 7, 3, 10), cancellationToken);
        var ids = await steps.EnrolAsync(ProgrammeForms.Facility, participants, cancellationToken);
        for (var date = TangerangCase.Start; date <= TangerangCase.End; date = date.AddDays(1))
        {
            await session.Clock.MoveToAsync(DemoClockClient.At(date, 15), cancellationToken);
            await steps.AttendanceAsync(ProgrammeForms.Facility, date, [.. ids.Values], cancellationToken);
        }

        await steps.AssessmentsAsync(DemoDirectory.Ybi, [.. participants.Select(p => (object)new { participantId = ids[p.Name], passed = true, score = p.Score, remarks = "Lulus uji praktik" })], cancellationToken);

        var files = AzuriteClients.Blobs(app.ConnectionString).GetBlobContainerClient($"{app.Prefix}-certificates");
        await steps.ClosingReportAsync(ProgrammeForms.Facility, new
        {
            closedOn = ProgrammeSteps.Text(TangerangCase.End),
            summary = "Benchmark: semua peserta hadir penuh dan lulus uji praktik.",
            recommendation = "Tidak ada.",
        }, cancellationToken);
        var answered = Stopwatch.StartNew();

        var stored = 0;
        TimeSpan? first = null;
        while (stored < participants.Count)
        {
            if (answered.Elapsed > Limit)
            {
                throw new BenchmarkException($"{Name}: {stored} of {participants.Count} certificate PDFs stored {Limit.TotalMinutes:0} minutes after the closing report.");
            }

            await Task.Delay(ListInterval, cancellationToken);
            stored = await CountAsync(files, steps.ProgrammeId, cancellationToken);
            first ??= stored > 0 ? answered.Elapsed : null;
        }

        var seconds = Math.Round(answered.Elapsed.TotalSeconds, 2);
        using (var process = Process.GetCurrentProcess())
        {
            Progress.Say($"{Name}: this process (app and driver) peaked at {process.PeakWorkingSet64 / 1048576.0:0} MiB working set so far");
        }

        Progress.Say($"{Name}: {stored} PDFs stored {seconds} s after the closing report's answer, the first after {first?.TotalSeconds:0.00} s");
        // The orchestration then sends the batch summary and moves the programme on; the app stops once it has.
        await AppQuiet.WaitAsync(app, [steps.ProgrammeId], "FollowUp", cancellationToken);
        var line = new JsonObject { ["scenario"] = Name, ["participants"] = participants.Count, ["seconds"] = seconds };
        return new ScenarioResult([line], [new Target(Name, "seconds", TargetSeconds, seconds)]);
    }

    private static async Task<int> CountAsync(BlobContainerClient files, string programmeId, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await foreach (var _ in files.GetBlobsAsync(BlobTraits.None, BlobStates.None, programmeId + "/", cancellationToken))
            {
                count++;
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // The first certificate creates the container.
        }

        return count;
    }
}
