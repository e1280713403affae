using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Storage;
using IkmaWorkflow.CustomHandler.Timers;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.CustomHandler.Tests.Timers;

/// <summary>Standalone timer triggers on a private Azurite: one run per occurrence, and catch-up after downtime.</summary>
public sealed class TimerTriggerListenerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TwoInstances_EverySecondSchedule_EachOccurrenceRunsOnce()
    {
        var hostId = UniqueName.Create("host");
        var runs = new ConcurrentQueue<(string Instance, TimerInfo Timer)>();
        await using var first = await StartAsync(hostId, "*/2 * * * * *", useMonitor: true, (_, timer) => runs.Enqueue(("first", timer)));
        await using var second = await StartAsync(hostId, "*/2 * * * * *", useMonitor: true, (_, timer) => runs.Enqueue(("second", timer)));

        await Task.Delay(TimeSpan.FromSeconds(9));
        await first.StopAsync();
        await second.StopAsync();

        var occurrences = runs.Select(r => r.Timer.ScheduleStatus!.Next).ToList();
        Assert.True(occurrences.Count >= 3, $"only {occurrences.Count} occurrences ran in 9 s of a 2 s schedule");
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.All(occurrences, o => Assert.Equal(0, o.Second % 2));
        Assert.Single(runs.Select(r => r.Instance).Distinct());
    }

    [Fact]
    public async Task Startup_OccurrenceMissedWhileDown_RunsOncePastDueAndRecordsIt()
    {
        var hostId = UniqueName.Create("host");
        var now = DateTimeOffset.UtcNow;
        var missed = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await WriteStatusAsync(hostId, new TimerScheduleStatus(missed.AddHours(-1), missed, missed.AddHours(-1)));
        var runs = new ConcurrentQueue<TimerInfo>();

        await using (var app = await StartAsync(hostId, "0 0 * * * *", useMonitor: null, (_, timer) => runs.Enqueue(timer)))
        {
            Assert.True(await EventuallyAsync(() => !runs.IsEmpty), "the missed occurrence was not run at start-up");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var run = Assert.Single(runs);
        Assert.True(run.IsPastDue);
        Assert.Equal(missed, run.ScheduleStatus!.Next);
        var status = await ReadStatusAsync(hostId);
        Assert.Equal(missed, status.Last);
        Assert.Equal(missed.AddHours(1), status.Next);
    }

    [Fact]
    public async Task Startup_StatusUpToDate_NothingRunsEarly()
    {
        var hostId = UniqueName.Create("host");
        var now = DateTimeOffset.UtcNow;
        var last = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        await WriteStatusAsync(hostId, new TimerScheduleStatus(last, last.AddHours(1), last));
        var runs = new ConcurrentQueue<TimerInfo>();

        await using (var app = await StartAsync(hostId, "0 0 * * * *", useMonitor: null, (_, timer) => runs.Enqueue(timer)))
        {
            Assert.True(await EventuallyAsync(() => app.Logs.Any(l => l.Contains("holds the timer lock", StringComparison.Ordinal))), "the timer never took its lock");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Empty(runs);
        Assert.Equal(last, (await ReadStatusAsync(hostId)).Last);
    }

    [Fact]
    public async Task Invocation_Payload_HasTheHostTimerShape()
    {
        var hostId = UniqueName.Create("host");
        var payload = new TaskCompletionSource<InvocationRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(hostId, "* * * * * *", useMonitor: false, (invocation, _) => payload.TrySetResult(invocation.Request));

        var request = await payload.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var timer = request.Data["timer"]!.AsObject();
        Assert.True(timer["Schedule"]!["AdjustForDST"]!.GetValue<bool>());
        Assert.False(timer["IsPastDue"]!.GetValue<bool>());
        Assert.True(timer.ContainsKey("ScheduleStatus"));
        Assert.Equal("TimerFn", request.Metadata["sys"]!["MethodName"]!.GetValue<string>());
    }

    private Task<TestFunctionApp> StartAsync(string hostId, string schedule, bool? useMonitor, Action<TriggerInvocation, TimerInfo> onRun) =>
        TestFunctionApp.StartAsync(
            new Dictionary<string, string> { ["TimerFn"] = TestFunctionApp.TimerFunction(schedule, useMonitor) },
            new Dictionary<string, string?>
            {
                [FunctionHostSettings.StorageKey] = azurite.ConnectionString,
                [FunctionHostSettings.HostIdKey] = hostId,
                ["Standalone:TimerLockRetryInterval"] = "00:00:01",
            },
            register: builder => builder.Services.AddTriggerFunction("TimerFn", (_, invocation, _) =>
            {
                onRun(invocation, invocation.Timer);
                return Task.CompletedTask;
            }));

    private BlobClient StatusBlob(string hostId) =>
        StorageClients.CreateBlobService(azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"timers/{hostId}/Host.Functions.TimerFn/status");

    private async Task WriteStatusAsync(string hostId, TimerScheduleStatus status)
    {
        var blob = StatusBlob(hostId);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
    }

    private async Task<TimerScheduleStatus> ReadStatusAsync(string hostId) =>
        (await StatusBlob(hostId).DownloadContentAsync()).Value.Content.ToObjectFromJson<TimerScheduleStatus>()!;

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
