using System.Net;
using System.Text.Json;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests;

/// <summary>
/// The built host whose storage stops while it runs and comes back on the same data and ports: without a restart of
/// the host, its timer fires again, and a programme opened afterwards gets its orchestration, whose stage email goes
/// through the SendEmail queue function.
/// </summary>
public sealed class StorageRestartTests
{
    private const string OperatorKey = "operator-key-for-restart-tests-7c2d";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    // The outage lasts until the host has answered 503 for this long: longer than the engine's partition lease renewal
    // (every 10 s by default), so leases and the triggers' polls fail meanwhile, as in a real outage.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Triggers_StorageStoppedThenBack_TimerQueueAndOrchestrationsResumeWithoutARestart()
    {
        await using var azurite = await AzuriteInstance.StartAsync(persistent: true);
        var settings = HostBuild.Settings(azurite.ConnectionString, FreePort.Next(), HostBuild.NewHub("restart"));
        settings["OperatorKey"] = OperatorKey;
        settings["DemoClock__Enabled"] = "true";
        settings["DemoClock__Start"] = "2023-06-26T08:00:00+07:00";
        settings["DeadlineSchedule"] = "*/2 * * * * *";
        await using var host = HostProcess.Start("host whose storage restarts", settings);
        await host.WaitUntilReadyAsync();
        await Eventually.TrueAsync(() => host.WorkerId is not null && TimerRuns(host) > 0, () => $"The engine or the timer did not start.{Environment.NewLine}{host.Describe()}", Timeout);
        using var session = new DemoSession(host.BaseAddress, OperatorKey, TextWriter.Null);
        var mous = await DemoDirectory.RegisterAsync(session, CancellationToken.None);

        await azurite.StopAsync();
        DateTime? firstRefused = null;
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(host.HasExited, $"The host exited while its storage was stopped.{Environment.NewLine}{host.Describe()}");
                if ((await HostHttp.GetAsync(host, "api/health")).Status == HttpStatusCode.ServiceUnavailable)
                {
                    firstRefused ??= DateTime.UtcNow;
                }

                return firstRefused is { } since && DateTime.UtcNow - since >= Outage;
            },
            () => $"The host did not answer 503 through the outage.{Environment.NewLine}{host.Describe()}",
            Outage + Timeout,
            TimeSpan.FromSeconds(1));
        await azurite.RestartAsync();
        var runsAtRestart = TimerRuns(host);

        await Eventually.TrueAsync(async () => (await HostHttp.GetAsync(host, "api/health")).Status == HttpStatusCode.OK, () => $"Health did not come back.{Environment.NewLine}{host.Describe()}", Timeout, HostProcess.PollInterval);
        await Eventually.TrueAsync(() => TimerRuns(host) > runsAtRestart, () => $"DeadlineCheck did not run again after the storage came back.{Environment.NewLine}{host.Describe()}", Timeout);

        var steps = new ProgrammeSteps(session, "restart-" + Guid.NewGuid().ToString("N")[..8]);
        await session.Clock.MoveToAsync(TangerangCase.StartsAt, CancellationToken.None);
        const string letterNumber = "DEMO-07/IKMA.3/IND/VI/2023";
        var letterId = await steps.LetterAsync(
            new { number = letterNumber, letterDate = "2023-06-26", issuerId = DemoDirectory.DgIkma, mouId = mous.Renewal, facilityIds = new[] { DemoDirectory.LppTangerang }, coveredYear = 2023 },
            DemoFile.Pdf("surat-pemulihan.pdf", ["Surat Direktur Jenderal IKMA (contoh)", letterNumber]),
            CancellationToken.None);
        await steps.OpenAsync(
            new { title = "Pelatihan setelah gangguan penyimpanan", facilityId = DemoDirectory.LppTangerang, partnerIds = new[] { DemoDirectory.Ybi }, probationOfficeId = DemoDirectory.BapasTangerang, mouId = mous.Renewal, year = 2023 },
            letterId,
            CancellationToken.None);

        // The stage email is enqueued by the orchestration's activity and delivered by the queue function.
        var last = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                var response = (await HostHttp.GetAsync(host, "api/emails?top=200", OperatorKey)).AssertStatus(HttpStatusCode.OK);
                last = response.Body;
                return response.Json().GetProperty("emails").EnumerateArray().Any(e =>
                    e.GetProperty("dedupeKey").GetString()?.StartsWith($"programme-{steps.ProgrammeId}|", StringComparison.Ordinal) == true &&
                    e.GetProperty("status").GetString() == "Sent");
            },
            () => $"No stage email of programme {steps.ProgrammeId} was sent after the storage came back: {last}{Environment.NewLine}{host.Describe()}",
            Timeout,
            HostProcess.PollInterval);
        Assert.False(host.HasExited);
    }

    // Each DeadlineCheck run ends with the orchestration repair's summary line.
    private static int TimerRuns(HostProcess host) => host.CountOutputLines("Orchestration repair:");
}
