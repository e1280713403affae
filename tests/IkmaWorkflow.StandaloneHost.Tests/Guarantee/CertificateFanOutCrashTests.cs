using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;
using Xunit.Abstractions;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// The durable guarantee with real processes: two standalone hosts on one task hub (one Azurite, the same
/// <c>TaskHubName</c> and <c>Records__Prefix</c>, their own ports) certify a 90-participant programme, and the
/// certificate fan-out is cut twice by SIGKILL, each time in the host that owns the programme's partition. Nothing may
/// be lost or done twice where anyone can see it, and the work resumes by itself.
/// </summary>
/// <remarks>
/// <para>What bounds the recovery (host.json <c>extensions.durableTask</c>, <c>DurableHostSettings</c>): a killed
/// worker's partitions are claimed when their lease has expired, <c>partitionLeaseInterval</c> (30 s, the engine's
/// default; host.json sets none) after its last renewal, at the survivor's next lease check (every
/// <c>partitionLeaseAcquireInterval</c>, 10 s): 20 to 40 s after the kill. The queue messages it had dequeued, the
/// orchestration's (control queue) and the activities' (work-item queue), come back when their visibility ends,
/// <c>controlQueueVisibilityTimeout</c> and <c>workItemQueueVisibilityTimeout</c> (1 minute in host.json) after they were
/// dequeued or last renewed: about a minute after the kill, plus <c>maxQueuePollingInterval</c> (1 s). So certificates
/// cut off by a kill are issued again about a minute later, and an orchestration whose owner died with its messages
/// dequeued goes on about a minute later, whatever the partition takeover.</para>
/// <para>Work runs again after a kill. An activity cut off runs again in whichever host takes its message. The engine
/// sends an orchestrator episode's messages before it commits the episode's history, so a kill in between makes the
/// partition's next owner replay the episode and schedule the same activities again. Issuing a certificate and
/// enqueueing an email are idempotent, so a second run finds what the first left and completes it or does nothing.</para>
/// </remarks>
[Collection(DurableGuarantee.Name)]
public sealed partial class CertificateFanOutCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string OperatorKey = "operator-key-for-crash-tests-4b9e2a71";
    private const string CaseKey = "tangerang-2023-crash";

    private static readonly TimeSpan FanOutStartTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TakeoverTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ResumeLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task IssueCertificates_PartitionOwnerKilledTwiceMidFanOut_OneValidCertificatePerQualifierAndTheWorkResumes()
    {
        var timeline = new CrashTimeline();
        var hub = HostBuild.NewHub("crash");
        var taskHub = new TaskHubProbe(azurite.ConnectionString, hub);
        await using var a = new HostSlot("host-a", Settings(hub));
        await using var b = new HostSlot("host-b", Settings(hub));
        var hosts = new[] { a, b };
        var log = new StringWriter(CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource();
        Task? watching = null;
        var passed = false;
        try
        {
            var start = new Dictionary<string, string> { ["DemoClock__Start"] = "2023-06-26T08:00:00+07:00" };
            await Task.WhenAll(a.StartAsync(start), b.StartAsync(start));
            timeline.Mark($"{a.Name} is worker {a.WorkerId}, {b.Name} is worker {b.WorkerId}, on task hub {hub}");

            // The forms go to host-a; the orchestration and its activities run wherever the engine puts them.
            using var session = new DemoSession(a.Current.BaseAddress, OperatorKey, log);
            var (programmeId, ids, steps) = await CertificationProgramme.TrainAsync(session, CaseKey, CancellationToken.None);
            var qualifiers = TangerangCase.Participants().Where(CertificationProgramme.Qualifies).ToDictionary(p => ids[p.Name], p => p.Name, StringComparer.Ordinal);
            var instanceId = "programme-" + programmeId;
            var partition = taskHub.PartitionOf(instanceId);
            var probe = new ProgrammeProbe(programmeId, OperatorKey, () => hosts.First(h => h.IsServing).Current);
            var watch = new CertificateWatch(probe, timeline);
            timeline.Mark($"programme {programmeId} trained: {ids.Count} enrolled, {qualifiers.Count} qualify; orchestration {instanceId} in partition {partition}");

            // Each process re-reads the shared demo clock every second: the certificates are issued only once every host's
            // clock has reached the last training day, as it would be on a real machine's.
            await Eventually.TrueAsync(
                async () => (await Task.WhenAll(hosts.Select(DemoNowAsync))).All(now => now >= CertificationProgramme.ClosingTime),
                () => $"The hosts' demo clocks did not reach {CertificationProgramme.ClosingTime:o}.{Environment.NewLine}{Describe(hosts)}",
                TimeSpan.FromSeconds(60),
                HostProcess.PollInterval);
            await CertificationProgramme.CloseAsync(steps, CancellationToken.None);
            var closedAt = timeline.Mark("closing report accepted: certification starts");
            watching = watch.RunAsync(stop.Token);

            // Kill 1: once the fan-out has begun, the host whose engine runs the programme's orchestration, while it is
            // issuing certificates itself (its log shows IssueCertificate activities started and not completed).
            var first = await Eventually.GetAsync(
                async () =>
                {
                    Assert.True(watch.Valid < qualifiers.Count, $"The fan-out finished before the partition's owner was caught issuing.{Environment.NewLine}{timeline}{Describe(hosts)}");
                    return watch.Listed > 0 && await OwnerAsync(taskHub, partition, hosts) is { } owner && IssuesInFlight(owner.Current, instanceId) >= 2 ? owner : null;
                },
                () => $"The owner of partition {partition} never issued certificates.{Environment.NewLine}{timeline}{Describe(hosts)}",
                FanOutStartTimeout,
                TimeSpan.FromMilliseconds(50));
            var firstSurvivor = hosts.Single(h => h != first);
            var firstWorker = first.WorkerId!;
            var victim = first.Current;
            var killedOne = await KillAsync(first, watch, timeline, "kill 1");
            Assert.True(watch.Valid < qualifiers.Count, $"Every certificate was valid when kill 1 came, so it cut off no issuing.{Environment.NewLine}{timeline}");
            timeline.Mark($"kill 1 cut off {IssuesInFlight(victim, instanceId)} IssueCertificate activities running in {victim.Name}");

            // Let it be: the survivor takes over every partition the dead worker held.
            var takeoverOne = await WaitForTakeoverAsync(taskHub, firstWorker, timeline, hosts) - killedOne;

            // Restart it, and kill 2 at once, mid-way: the host that has just taken over the programme's partition, while
            // the orchestration still waits for the results of the activities kill 1 cut off (their messages come back
            // a minute after it). Then restart that one too.
            var restartingFirst = first.StartAsync(await DemoClockStartAsync(firstSurvivor));
            var restartedOne = timeline.Mark($"{first.Name} restarting");
            Assert.True(await probe.StageAsync() == "Certifying", $"The programme left Certifying before the second kill, so it would not cut the work mid-way.{Environment.NewLine}{timeline}");
            var second = await Eventually.GetAsync(
                () => OwnerAsync(taskHub, partition, hosts),
                () => $"No running host owns partition {partition}.{Environment.NewLine}{timeline}{Describe(hosts)}",
                TakeoverTimeout,
                HostProcess.PollInterval);
            var secondWorker = second.WorkerId!;
            var secondVictim = second.Current;
            var killedTwo = await KillAsync(second, watch, timeline, "kill 2");
            timeline.Mark($"kill 2 cut off {IssuesInFlight(secondVictim, instanceId)} IssueCertificate activities running in {secondVictim.Name}");
            await restartingFirst;
            timeline.Mark($"{first.Name} serving again as worker {first.WorkerId}");
            var clock = await DemoClockStartAsync(first);
            var restartedTwo = timeline.Mark($"{second.Name} restarting");
            await second.StartAsync(clock);
            timeline.Mark($"{second.Name} serving again as worker {second.WorkerId}");
            var takeoverTwo = await WaitForTakeoverAsync(taskHub, secondWorker, timeline, hosts) - killedTwo;

            // The work resumes by itself: every certificate valid, then the programme in its next stage.
            await Eventually.TrueAsync(() => watch.Valid >= qualifiers.Count, () => $"Not every certificate became valid.{Environment.NewLine}{timeline}{Describe(hosts)}", CompletionTimeout);
            var lastCertificate = watch.LastValidAt;
            await Eventually.TrueAsync(async () => await probe.StageAsync() == "FollowUp", () => $"The programme did not reach FollowUp.{Environment.NewLine}{timeline}{Describe(hosts)}", CompletionTimeout, HostProcess.PollInterval);
            var followUp = timeline.Mark("programme in FollowUp");
            JsonElement orchestration = default;
            await Eventually.TrueAsync(
                async () => await probe.FinishedOrchestrationAsync() is { } finished && (orchestration = finished).ValueKind == JsonValueKind.Object,
                () => $"The orchestration {instanceId} did not finish.{Environment.NewLine}{timeline}",
                CompletionTimeout,
                HostProcess.PollInterval);
            await stop.CancelAsync();
            await watching;

            output.WriteLine(timeline.ToString());
            output.WriteLine(
                $"fan-out: first certificate {(watch.FirstListedAt - closedAt).TotalSeconds:0.0} s after the closing report; kill 1 ({first.Name}) {(killedOne - closedAt).TotalSeconds:0.0} s after it; " +
                $"partitions taken over {takeoverOne.TotalSeconds:0.0} s after kill 1, {takeoverTwo.TotalSeconds:0.0} s after kill 2; " +
                $"last certificate {(lastCertificate - restartedTwo).TotalSeconds:0.0} s after the final restart ({(lastCertificate - killedTwo).TotalSeconds:0.0} s after kill 2); " +
                $"FollowUp {(followUp - restartedTwo).TotalSeconds:0.0} s after the final restart ({(followUp - killedTwo).TotalSeconds:0.0} s after kill 2); first restart at {(restartedOne - killedOne).TotalSeconds:0.0} s after kill 1.");
            output.WriteLine(
                $"activity reruns seen in the hosts' logs: {Count(hosts, "Resuming the issue of certificate")} issues resumed, {Count(hosts, "already holds certificate")} repeated after completion, " +
                $"{Count(hosts, "was stored by an earlier attempt")} PDFs kept from an earlier attempt, {Count(hosts, "Issued certificate")} issues completed.");

            await AssertCertificatesAsync(probe, qualifiers, programmeId, hub);
            await AssertEmailsAsync(probe, instanceId, qualifiers.Count);
            Assert.True(orchestration.GetProperty("runtimeStatus").GetString() == "Completed", $"Orchestration {instanceId} did not complete: {orchestration}");
            Assert.Equal("FollowUp", orchestration.GetProperty("output").GetString());
            var health = (await HostHttp.GetAsync(hosts.First(h => h.IsServing).Current, "api/health")).AssertStatus(HttpStatusCode.OK).Json();
            Assert.Equal(0, health.GetProperty("durable").GetProperty("failedInstances").GetInt32());
            Assert.All(await taskHub.PoisonQueuesAsync(), q => Assert.True(q.Value == 0, $"Poison queue {q.Key} holds {q.Value} messages."));
            Assert.True(lastCertificate - restartedTwo <= ResumeLimit, $"The last certificate came {(lastCertificate - restartedTwo).TotalSeconds:0} s after the final restart, more than {ResumeLimit.TotalSeconds:0} s.{Environment.NewLine}{timeline}");
            Assert.True(followUp - restartedTwo <= ResumeLimit, $"The programme reached FollowUp {(followUp - restartedTwo).TotalSeconds:0} s after the final restart, more than {ResumeLimit.TotalSeconds:0} s.{Environment.NewLine}{timeline}");
            passed = true;
        }
        finally
        {
            if (!passed)
            {
                // Every process's whole log, for the investigation; under the test's output folder, which git ignores.
                var logs = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "host-logs", hub)).FullName;
                a.SaveOutput(logs);
                b.SaveOutput(logs);
                output.WriteLine($"The hosts' logs are in {logs}");
            }

            await stop.CancelAsync();
            if (watching is not null)
            {
                await watching.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            output.WriteLine(log.ToString());
        }
    }

    // Each certificate listed once per qualifying participant, valid, its PDF downloadable with the holder's name in
    // it and its number verifying publicly; and behind the list, one public record and one PDF per certificate, so no
    // second certificate exists that the list does not show.
    private async Task AssertCertificatesAsync(ProgrammeProbe probe, IReadOnlyDictionary<string, string> qualifiers, string programmeId, string prefix)
    {
        var certificates = await probe.CertificatesAsync();
        Assert.Equal(qualifiers.Keys.Order(StringComparer.Ordinal), certificates.Select(c => c.ParticipantId).Order(StringComparer.Ordinal));
        Assert.All(certificates, c => Assert.Equal("Valid", c.Status));
        Assert.Equal(certificates.Count, certificates.Select(c => c.Number).Distinct().Count());

        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), prefix);
        var records = new List<CertificateEntity>();
        await foreach (var record in store.Certificates.QueryAsync<CertificateEntity>(c => c.ProgrammeId == programmeId))
        {
            records.Add(record);
        }

        Assert.Equal(certificates.Select(c => c.Number).Order(StringComparer.Ordinal), records.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        var blobs = new List<string>();
        await foreach (var blob in store.CertificateFiles.GetBlobsAsync(BlobTraits.None, BlobStates.None, programmeId + "/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal(records.Select(r => r.BlobName).Order(StringComparer.Ordinal), blobs.Order(StringComparer.Ordinal));

        foreach (var certificate in certificates)
        {
            var text = PdfTools.ExtractText(await probe.PdfAsync(certificate.Number));
            Assert.Contains(qualifiers[certificate.ParticipantId], text, StringComparison.Ordinal);
            Assert.Contains(certificate.Number, text, StringComparison.Ordinal);
            Assert.Equal("valid", await probe.VerifyAsync(certificate.Number));
        }

        output.WriteLine($"{certificates.Count} certificates: one per qualifying participant, valid, {records.Count} public records and {blobs.Count} PDFs, each PDF naming its holder.");
    }

    // Each stage announced once, the certificate batch sent once and listing every certificate once.
    private async Task AssertEmailsAsync(ProgrammeProbe probe, string instanceId, int certificateCount)
    {
        var emails = (await probe.EmailsAsync()).Where(e => e.GetProperty("dedupeKey").GetString()!.StartsWith(instanceId + "|", StringComparison.Ordinal)).ToList();
        var announcements = emails.Where(e => e.GetProperty("kind").GetString() == "programme-stage-changed")
            .GroupBy(e => e.GetProperty("dedupeKey").GetString()!.Split('|')[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        output.WriteLine($"stage announcements: {string.Join(", ", announcements.Select(s => $"{s.Key} x{s.Value}"))}");
        Assert.All(announcements, s => Assert.True(s.Value == 1, $"Stage {s.Key} was announced {s.Value} times."));
        Assert.Contains("Certifying", announcements.Keys);
        Assert.Contains("FollowUp", announcements.Keys);

        var batch = Assert.Single(emails, e => e.GetProperty("kind").GetString() == "certificate-batch-issued");
        Assert.Equal(instanceId + "|certificates", batch.GetProperty("dedupeKey").GetString());

        // The batch lists every certificate once in its Indonesian part and once in its English part, and nothing else.
        var certificates = await probe.CertificatesAsync();
        var listed = CertificateNumberText().Matches(await probe.EmailTextAsync(batch.GetProperty("id").GetString()!)).CountBy(m => m.Value).ToDictionary();
        Assert.Equal(certificates.Select(c => c.Number).Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(listed, n => Assert.True(n.Value == 2, $"Certificate {n.Key} is listed {n.Value} times in the batch email, not once per language."));
        Assert.Equal(certificateCount, certificates.Count);
    }

    // The running host whose worker owns the partition; null while none does (a lease changing hands).
    private static async Task<HostSlot?> OwnerAsync(TaskHubProbe taskHub, string partition, HostSlot[] hosts)
    {
        var owner = await taskHub.OwnerOfAsync(partition);
        return hosts.FirstOrDefault(h => h.IsServing && owner is not null && h.WorkerId == owner);
    }

    private static async Task<TimeSpan> KillAsync(HostSlot host, CertificateWatch watch, CrashTimeline timeline, string what)
    {
        await watch.SampleAsync();
        var worker = host.WorkerId;
        await host.KillAsync();
        return timeline.Mark($"{what}: SIGKILL {host.Name} (worker {worker}, owner of the programme's partition) with {watch.Listed} certificates listed, {watch.Valid} valid");
    }

    // Waits until no partition is owned by the dead worker any more; answers when that was seen.
    private static async Task<TimeSpan> WaitForTakeoverAsync(TaskHubProbe taskHub, string deadWorker, CrashTimeline timeline, HostSlot[] hosts)
    {
        var leases = await Eventually.GetAsync(
            async () => await taskHub.LeasesAsync() is { Count: > 0 } all && all.All(l => l.CurrentOwner != deadWorker && l.CurrentOwner is not null) ? all : null,
            () => $"The partitions of dead worker {deadWorker} were not taken over.{Environment.NewLine}{timeline}{Describe(hosts)}",
            TakeoverTimeout,
            TimeSpan.FromMilliseconds(250));
        return timeline.Mark($"partitions of {deadWorker} taken over: {TaskHubProbe.Describe(leases)}");
    }

    // The host's demo clock now.
    private static async Task<DateTimeOffset> DemoNowAsync(HostSlot host)
    {
        var clock = (await HostHttp.GetAsync(host.Current, "api/clock", OperatorKey)).AssertStatus(HttpStatusCode.OK).Json();
        return DateTimeOffset.Parse(clock.GetProperty("utc").GetString()!, CultureInfo.InvariantCulture);
    }

    // A restarted host's demo clock starts where the running host's is, so it never issues on an earlier day.
    private static async Task<Dictionary<string, string>> DemoClockStartAsync(HostSlot running)
    {
        var clock = (await HostHttp.GetAsync(running.Current, "api/clock", OperatorKey)).AssertStatus(HttpStatusCode.OK).Json();
        return new Dictionary<string, string> { ["DemoClock__Start"] = clock.GetProperty("utc").GetString()! };
    }

    private Dictionary<string, string> Settings(string hub)
    {
        var settings = HostBuild.Settings(azurite.ConnectionString, FreePort.Next(), hub);
        settings["OperatorKey"] = OperatorKey;
        settings["DemoClock__Enabled"] = "true";

        // The watch verifies every certificate, again and again, from this one address: far above the 60 a minute
        // a client may ask of the public verification.
        settings["RateLimits__Verify__Permits"] = "1000000";

        // As ./run --demo: the timers look at the demo clock every second, so its jumps take effect at once.
        settings["Standalone__TimerClockCheckInterval"] = "00:00:01";

        // Logs kept for a failure: lines with the time (UTC), and each lock renewal of a held work item.
        settings["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        settings["Logging__Console__UseUtcTimestamp"] = "true";
        settings["Logging__LogLevel__IkmaWorkflow.Standalone.Durable"] = "Debug";
        return settings;
    }

    private static string Describe(IEnumerable<HostSlot> hosts) => string.Join(Environment.NewLine, hosts.Select(h => h.Describe()));

    private static int Count(IEnumerable<HostSlot> hosts, string text) => hosts.Sum(h => h.CountOutputLines(text));

    // IssueCertificate activities of the orchestration that the process's worker started and has not finished, by its log.
    private static int IssuesInFlight(HostProcess process, string instanceId) =>
        process.CountOutputLines($"'IssueCertificate' activity of orchestration ID '{instanceId}' started.") -
        process.CountOutputLines($"'IssueCertificate' activity of orchestration ID '{instanceId}' completed.") -
        process.CountOutputLines($"'IssueCertificate' activity of orchestration ID '{instanceId}' failed");

    // A certificate number as printed: WUB-yyyy-XXXXXX-C.
    [GeneratedRegex(@"WUB-\d{4}-[0-9A-Z]{6}-[0-9A-Z]")]
    private static partial Regex CertificateNumberText();
}
