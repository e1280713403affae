using Azure.Data.Tables;
using Grpc.Core;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Tests.Notifications;
using IkmaWorkflow.Programmes.WakeUps;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;

namespace IkmaWorkflow.Programmes.Tests.WakeUps;

/// <summary>
/// <see cref="ScheduleWakeUp"/> and <see cref="WakeUpScanner"/> on a private Azurite with a fake app clock: what is
/// stored where, which rows a check raises, and a clock that jumps by months.
/// </summary>
public sealed class WakeUpStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // 26 June 2023, 08:00 WIB: the demo's first morning.
    private static readonly DateTimeOffset Morning = new(2023, 6, 26, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_After_StoresTheRowUnderItsDueDayInWib()
    {
        var (store, clock) = Create(Morning.AddHours(19)); // 27 June 03:00 WIB, still 26 June in UTC

        var ticket = await new ScheduleWakeUp(store, clock).RunAsync(new WakeUpRequest("programme-prg-1", "t1", After: TimeSpan.FromDays(7)), CancellationToken.None);

        Assert.Equal(new WakeUpTicket("t1", Morning.AddHours(19).AddDays(7), Morning.AddHours(19)), ticket);
        var row = Assert.Single(await RowsAsync(store));
        Assert.Equal(("2023-07-04", "programme-prg-1|t1", "programme-prg-1", "t1"), (row.PartitionKey, row.RowKey, row.InstanceId, row.Token));
        Assert.Equal((ticket.DueAt, ticket.ScheduledAt), (row.DueAt, row.ScheduledAt));
    }

    [Fact]
    public async Task RunAsync_MomentPassed_AlreadyDueAndNothingStored()
    {
        var (store, clock) = Create(Morning);

        var ticket = await new ScheduleWakeUp(store, clock).RunAsync(new WakeUpRequest("mou-1", "t1", At: Morning.AddDays(-1)), CancellationToken.None);

        Assert.True(ticket.AlreadyDue);
        Assert.Equal(Morning, ticket.ScheduledAt);
        Assert.Empty(await RowsAsync(store));
    }

    [Fact]
    public async Task RunAsync_RetriedWithTheSameToken_OneRow()
    {
        var (store, clock) = Create(Morning);
        var schedule = new ScheduleWakeUp(store, clock);

        await schedule.RunAsync(new WakeUpRequest("mou-1", "t1", At: Morning.AddDays(30)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("mou-1", "t1", At: Morning.AddDays(30)), CancellationToken.None);

        Assert.Single(await RowsAsync(store));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task RunAsync_NeitherOrBothTimes_Throws(bool at, bool after)
    {
        var (store, clock) = Create(Morning);
        var request = new WakeUpRequest("mou-1", "t1", at ? Morning.AddDays(1) : null, after ? TimeSpan.FromDays(1) : null);

        await Assert.ThrowsAsync<ArgumentException>(() => new ScheduleWakeUp(store, clock).RunAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task Scan_SomeDue_RaisesEveryRowWhoseDayHasComeAndOnlyThose()
    {
        var (store, clock) = Create(Morning.AddDays(-3));
        var schedule = new ScheduleWakeUp(store, clock);
        await schedule.RunAsync(new WakeUpRequest("programme-a", "yesterday", At: Morning.AddDays(-1)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("programme-b", "tonight", At: Morning.AddHours(15)), CancellationToken.None); // 23:00 WIB today
        await schedule.RunAsync(new WakeUpRequest("programme-c", "tomorrow", At: Morning.AddHours(16)), CancellationToken.None); // 00:00 WIB tomorrow
        var client = Running("programme-a", "programme-b", "programme-c");
        clock.SetUtcNow(Morning);

        var result = await Scanner(store, clock).RunAsync(client.Object, CancellationToken.None);

        Assert.Equal(new WakeUpScanResult(2, 2, 0, 0), result);
        Assert.Equal(
            [("programme-a", new WakeUpSignal("yesterday", Morning.AddDays(-1), Morning)), ("programme-b", new WakeUpSignal("tonight", Morning.AddHours(15), Morning))],
            client.Raised.Select(r => (r.InstanceId, (WakeUpSignal)r.Payload!)));
        Assert.All(client.Raised, r => Assert.Equal(WakeUpWait.EventName, r.Name));
        Assert.Equal(["tomorrow"], (await RowsAsync(store)).Select(r => r.Token));
    }

    [Fact]
    public async Task Scan_ClockJumpsMonths_RaisesEveryWaitingRowOnceThenNothing()
    {
        var (store, clock) = Create(Morning);
        var schedule = new ScheduleWakeUp(store, clock);
        await schedule.RunAsync(new WakeUpRequest("programme-prg-1", "reminder", After: TimeSpan.FromDays(7)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("followup-1", "deadline", After: TimeSpan.FromDays(30)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("mou-1", "ninety-days", At: Morning.AddDays(90)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("mou-2", "next-year", At: Morning.AddYears(1)), CancellationToken.None);
        var client = Running("programme-prg-1", "followup-1", "mou-1", "mou-2");
        var scanner = Scanner(store, clock);

        clock.SetUtcNow(Morning.AddMonths(4)); // 26 October 2023, as the demo's clock moves
        var first = await scanner.RunAsync(client.Object, CancellationToken.None);
        var second = await scanner.RunAsync(client.Object, CancellationToken.None);

        Assert.Equal(new WakeUpScanResult(3, 3, 0, 0), first);
        Assert.Equal(new WakeUpScanResult(0, 0, 0, 0), second);
        Assert.Equal(["programme-prg-1", "followup-1", "mou-1"], client.Raised.Select(r => r.InstanceId));
        Assert.All(client.Raised, r => Assert.Equal(Morning.AddMonths(4), ((WakeUpSignal)r.Payload!).RaisedAt));
        Assert.Equal(["next-year"], (await RowsAsync(store)).Select(r => r.Token));
    }

    [Fact]
    public async Task Scan_InstanceFinishedOrMissing_DeletesTheRowWithoutRaisingAndLogsIt()
    {
        var (store, clock) = Create(Morning);
        var schedule = new ScheduleWakeUp(store, clock);
        await schedule.RunAsync(new WakeUpRequest("followup-answered", "t1", After: TimeSpan.FromDays(7)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("followup-purged", "t2", After: TimeSpan.FromDays(7)), CancellationToken.None);
        var client = new FakeDurableClient();
        client.Instances["followup-answered"] = OrchestrationRuntimeStatus.Completed;
        var logs = new CollectingLogger<WakeUpScanner>();
        clock.Advance(TimeSpan.FromDays(7));

        var result = await new WakeUpScanner(store, clock, logs).RunAsync(client.Object, CancellationToken.None);

        Assert.Equal(new WakeUpScanResult(2, 0, 2, 0), result);
        Assert.Empty(client.Raised);
        Assert.Empty(await RowsAsync(store));
        Assert.Equal(2, logs.Entries.Count(e => e.EventId.Id == 4121));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4121 && e.Message.Contains("followup-answered", StringComparison.Ordinal) && e.Message.Contains("finished", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4121 && e.Message.Contains("followup-purged", StringComparison.Ordinal) && e.Message.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_RaiseFails_OthersGoOnTheRowStaysAndTheCheckThrows()
    {
        var (store, clock) = Create(Morning);
        var schedule = new ScheduleWakeUp(store, clock);
        await schedule.RunAsync(new WakeUpRequest("programme-a", "t1", After: TimeSpan.FromDays(7)), CancellationToken.None);
        await schedule.RunAsync(new WakeUpRequest("programme-b", "t2", After: TimeSpan.FromDays(8)), CancellationToken.None);
        var client = Running("programme-a", "programme-b");
        client.Failures["programme-a"] = FakeDurableClient.Rpc(StatusCode.Unavailable);
        var logs = new CollectingLogger<WakeUpScanner>();
        clock.Advance(TimeSpan.FromDays(10));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => new WakeUpScanner(store, clock, logs).RunAsync(client.Object, CancellationToken.None));

        Assert.StartsWith("1 of 2 due wake-up(s) could not be raised", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(["programme-b"], client.Raised.Select(r => r.InstanceId));
        Assert.Equal(["t1"], (await RowsAsync(store)).Select(r => r.Token));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4122 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Scan_RowRewrittenWhileRaising_LeavesItForTheNextCheck()
    {
        var (store, clock) = Create(Morning);
        var schedule = new ScheduleWakeUp(store, clock);
        var request = new WakeUpRequest("programme-a", "t1", At: Morning.AddDays(7).AddHours(1)); // 09:00 WIB
        await schedule.RunAsync(request, CancellationToken.None);
        var client = Running("programme-a");
        var logs = new CollectingLogger<WakeUpScanner>();

        // A retry of ScheduleWakeUp rewrites the row between the raise and the delete: the ETag no longer matches.
        client.OnRaise = _ => schedule.RunAsync(request, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(7)); // 08:00 WIB that day: due by its day, not yet by its time
        var result = await new WakeUpScanner(store, clock, logs).RunAsync(client.Object, CancellationToken.None);

        Assert.Equal(new WakeUpScanResult(1, 1, 0, 0), result);
        Assert.Single(await RowsAsync(store));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4123);
    }

    private static FakeDurableClient Running(params string[] instanceIds)
    {
        var client = new FakeDurableClient();
        foreach (var id in instanceIds)
        {
            client.Instances[id] = OrchestrationRuntimeStatus.Running;
        }

        return client;
    }

    private static WakeUpScanner Scanner(RecordStore store, TimeProvider clock) => new(store, clock, new CollectingLogger<WakeUpScanner>());

    private static async Task<List<WakeUpEntity>> RowsAsync(RecordStore store)
    {
        await store.EnsureCreatedAsync(CancellationToken.None);
        var rows = new List<WakeUpEntity>();
        await foreach (var row in store.WakeUps.QueryAsync<WakeUpEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private (RecordStore Store, FakeTimeProvider Clock) Create(DateTimeOffset now)
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), UniqueName.ForTable("wk"));
        return (store, new FakeTimeProvider(now));
    }
}
