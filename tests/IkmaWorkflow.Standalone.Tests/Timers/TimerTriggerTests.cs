using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using IkmaWorkflow.Standalone.Storage;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using IkmaWorkflow.Standalone.Timers;
using IkmaWorkflow.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Tests.Timers;

/// <summary>Timer triggers on a private Azurite: one run per occurrence across instances, catch-up after downtime, the app's clock.</summary>
public sealed class TimerTriggerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // 08:30 on the first day of the Cipinang training week, in UTC: the hourly schedule's occurrences are 08:00 and 09:00.
    private static readonly DateTimeOffset HalfPastEight = new(2023, 6, 26, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Eight = new(2023, 6, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nine = new(2023, 6, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoInstances_EveryTwoSeconds_EachOccurrenceRunsOnce()
    {
        var hostId = UniqueName.Create("host");
        await using var first = await StartAsync(typeof(MonitoredTimerFunction), hostId, "*/2 * * * * *");
        await using var second = await StartAsync(typeof(MonitoredTimerFunction), hostId, "*/2 * * * * *");

        await Eventually.TrueAsync(() => first.Probe.Calls.Count + second.Probe.Calls.Count >= 4, "four occurrences did not run");
        await first.StopAsync();
        await second.StopAsync();

        var occurrences = first.Probe.Calls.Concat(second.Probe.Calls).Cast<TimerInfo>().Select(t => t.ScheduleStatus!.Next).ToList();
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.All(occurrences, o => Assert.Equal(0, o.Second % 2));
        Assert.True(first.Probe.Calls.IsEmpty || second.Probe.Calls.IsEmpty, "both instances ran the schedule");
    }

    [Fact]
    public async Task Startup_OccurrenceMissedWhileDown_RunsOncePastDueAndRecordsIt()
    {
        var hostId = UniqueName.Create("host");
        await WriteStatusAsync(hostId, "Scheduled", new TimerScheduleStatus(Eight.AddHours(-1), Eight, Eight.AddHours(-1)));

        Probe probe;
        await using (var app = await StartAsync(typeof(ScheduledFunction), hostId, "0 0 * * * *", new ShiftedClock(HalfPastEight)))
        {
            probe = app.Probe;
            await Eventually.TrueAsync(() => app.Logged(305, "2023-06-26T09:00:00"), "the timer never went on to the next occurrence");
        }

        var run = Assert.IsType<TimerInfo>(Assert.Single(probe.Calls));
        Assert.True(run.IsPastDue);
        Assert.Equal(Eight.UtcDateTime, run.ScheduleStatus!.Next);
        Assert.Equal(DateTimeKind.Utc, run.ScheduleStatus.Next.Kind);
        Assert.Equal(Eight.AddHours(-1).UtcDateTime, run.ScheduleStatus.Last);
        var status = await ReadStatusAsync(hostId, "Scheduled");
        Assert.Equal(Eight, status.Last);
        Assert.Equal(Nine, status.Next);
    }

    [Fact]
    public async Task Startup_StatusUpToDate_NothingRuns()
    {
        var hostId = UniqueName.Create("host");
        await WriteStatusAsync(hostId, "Scheduled", new TimerScheduleStatus(Eight, Nine, Eight));

        await using var app = await StartAsync(typeof(ScheduledFunction), hostId, "0 0 * * * *", new ShiftedClock(HalfPastEight));
        await Eventually.TrueAsync(() => app.Logged(305, "2023-06-26T09:00:00"), "the timer never looked at its next occurrence");

        Assert.Empty(app.Probe.Calls);
        Assert.Equal(Eight, (await ReadStatusAsync(hostId, "Scheduled")).Last);
    }

    [Fact]
    public async Task Schedule_ClockJumpsPastOccurrence_RunsWithinClockCheckInterval()
    {
        var hostId = UniqueName.Create("host");
        var clock = new ShiftedClock(HalfPastEight);
        await using var app = await StartAsync(typeof(ScheduledFunction), hostId, "0 0 * * * *", clock, new() { ["Standalone:TimerClockCheckInterval"] = "00:00:00.200" });
        await Eventually.TrueAsync(() => app.Logged(305, "2023-06-26T09:00:00"), "the timer never looked at its next occurrence");

        clock.Set(Nine.AddMilliseconds(500));

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the occurrence did not run after the clock moved past it", within: TimeSpan.FromSeconds(10));
        var run = Assert.IsType<TimerInfo>(Assert.Single(app.Probe.Calls));
        Assert.False(run.IsPastDue);
        Assert.Equal(Nine.UtcDateTime, run.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task Invocation_MonitoredSchedule_TimerInfoCarriesTheOccurrence()
    {
        await using var app = await StartAsync(typeof(MonitoredTimerFunction), UniqueName.Create("host"), "*/2 * * * * *");

        await Eventually.TrueAsync(() => app.Probe.Calls.Count >= 2, "two occurrences did not run");

        var runs = app.Probe.Calls.Cast<TimerInfo>().ToList();
        Assert.All(runs, r => Assert.False(r.IsPastDue));
        Assert.Equal(DateTimeKind.Utc, runs[0].ScheduleStatus!.Next.Kind);
        Assert.Equal(0, runs[0].ScheduleStatus!.Next.Second % 2);
        Assert.Equal(runs[0].ScheduleStatus!.Next, runs[1].ScheduleStatus!.Last);
        Assert.Equal(runs[0].ScheduleStatus!.Next.AddSeconds(2), runs[1].ScheduleStatus!.Next);
    }

    [Fact]
    public async Task Invocation_SubMinuteScheduleMonitorNotSet_NoStatusKept()
    {
        var hostId = UniqueName.Create("host");
        await using var app = await StartAsync(typeof(ScheduledFunction), hostId, "* * * * * *");

        await Eventually.TrueAsync(() => !app.Probe.Calls.IsEmpty, "the schedule did not run");

        Assert.Null(Assert.IsType<TimerInfo>(app.Probe.Calls.First()).ScheduleStatus);
        Assert.False((await StatusBlob(hostId, "Scheduled").ExistsAsync()).Value);
    }

    [Fact]
    public async Task Startup_RunOnStartup_RunsOnceAtOnce()
    {
        await using var app = await StartAsync(typeof(StartupTimerFunction), UniqueName.Create("host"), schedule: null, new ShiftedClock(HalfPastEight));

        await Eventually.TrueAsync(() => app.Logged(305, "2024-01-01T00:00:00"), "the timer never went on to its next occurrence");

        var run = Assert.IsType<TimerInfo>(Assert.Single(app.Probe.Calls));
        Assert.False(run.IsPastDue);
    }

    [Fact]
    public async Task Invocation_FunctionThrows_LoggedAndScheduleGoesOn()
    {
        await using var app = await StartAsync(
            typeof(MonitoredTimerFunction),
            UniqueName.Create("host"),
            "* * * * * *",
            services: s => s.AddSingleton(new Probe { Handler = (_, _) => throw new InvalidOperationException("laporan gagal") }));

        await Eventually.TrueAsync(() => app.Probe.Calls.Count >= 2, "the schedule stopped after a failed run");

        Assert.True(app.Logged(101, "Monitored"), "the failure was not logged");
    }

    private Task<StandaloneApp> StartAsync(
        Type function,
        string hostId,
        string? schedule,
        ShiftedClock? clock = null,
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["AzureFunctionsWebHost:hostid"] = hostId,
            ["TimerSchedule"] = schedule,
            ["Standalone:TimerLockRetryInterval"] = "00:00:01",
        };
        return StandaloneApp.StartAsync([function], all, services: s =>
        {
            if (clock is not null)
            {
                s.AddSingleton<TimeProvider>(clock);
            }

            services?.Invoke(s);
        });
    }

    private BlobClient StatusBlob(string hostId, string function) =>
        StorageClients.CreateBlobService(azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"timers/{hostId}/Host.Functions.{function}/status");

    private async Task WriteStatusAsync(string hostId, string function, TimerScheduleStatus status)
    {
        var blob = StatusBlob(hostId, function);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
    }

    private async Task<TimerScheduleStatus> ReadStatusAsync(string hostId, string function) =>
        (await StatusBlob(hostId, function).DownloadContentAsync()).Value.Content.ToObjectFromJson<TimerScheduleStatus>()!;
}
