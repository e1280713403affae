using IkmaWorkflow.Programmes.WakeUps;

namespace IkmaWorkflow.Programmes.Tests.WakeUps;

/// <summary>The orchestration side of a wake-up: the request it schedules, the token check, a moment already past.</summary>
public sealed class WakeUpWaitTests
{
    private static readonly DateTimeOffset Now = new(2023, 6, 26, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ScheduleAtAsync_BusinessMoment_AsksForItWithTheInstanceAndAReplaySafeToken()
    {
        var run = new ScriptedContext("programme-prg-1", Now);

        var first = await WakeUpWait.ScheduleAtAsync(run.Object, Now.AddDays(20));
        var second = await WakeUpWait.ScheduleAfterAsync(run.Object, TimeSpan.FromDays(7));

        Assert.Equal(new WakeUpRequest("programme-prg-1", new Guid(1, 0, 0, new byte[8]).ToString("N"), At: Now.AddDays(20)), run.WakeUpRequests[0]);
        Assert.Equal(new WakeUpRequest("programme-prg-1", new Guid(2, 0, 0, new byte[8]).ToString("N"), After: TimeSpan.FromDays(7)), run.WakeUpRequests[1]);
        Assert.Equal((Now.AddDays(20), Now, false), (first.DueAt, first.ScheduledAt, first.AlreadyDue));
        Assert.Equal(Now.AddDays(7), second.DueAt);
    }

    [Fact]
    public async Task WaitAsync_StaleWakeUps_IgnoredUntilTheTicketsOwnArrives()
    {
        var run = new ScriptedContext("followup-1", Now).Then(Arrival.Stale(), Arrival.Stale(), Arrival.WakeUp(late: TimeSpan.FromHours(7)));
        var ticket = await WakeUpWait.ScheduleAfterAsync(run.Object, TimeSpan.FromDays(7));

        var signal = await WakeUpWait.WaitAsync(run.Object, ticket, run.Object.WaitForExternalEvent<object>("OutcomeReported"));

        Assert.Equal(new WakeUpSignal(ticket.Token, Now.AddDays(7), Now.AddDays(7).AddHours(7)), signal);
        Assert.Equal(["ScheduleWakeUp +7.00:00:00", "stale wake-up", "stale wake-up", "woken"], run.Steps);
    }

    [Fact]
    public async Task WaitAsync_OtherEventFirst_ReturnsNull()
    {
        var run = new ScriptedContext("programme-prg-1", Now).Then(Arrival.Stale(), Arrival.Event("StageChanged"));
        var ticket = await WakeUpWait.ScheduleAfterAsync(run.Object, TimeSpan.FromDays(7));

        var signal = await WakeUpWait.WaitAsync(run.Object, ticket, run.Object.WaitForExternalEvent<object?>("StageChanged"));

        Assert.Null(signal);
    }

    [Fact]
    public async Task WaitAsync_AlreadyDue_ReturnsAtOnceAtTheSchedulingTime()
    {
        var run = new ScriptedContext("mou-1", Now);
        var ticket = await WakeUpWait.ScheduleAtAsync(run.Object, Now.AddDays(-3));

        var signal = await WakeUpWait.WaitAsync(run.Object, ticket, run.Object.WaitForExternalEvent<object?>("Renewed"));

        Assert.True(ticket.AlreadyDue);
        Assert.Equal(new WakeUpSignal(ticket.Token, Now.AddDays(-3), Now), signal);
        Assert.Equal(["ScheduleWakeUp -3.00:00:00 (due)"], run.Steps);
    }

    [Fact]
    public async Task WaitAsync_AlreadyDueButTheEventCameBefore_ReturnsNull()
    {
        var run = new ScriptedContext("mou-1", Now);
        var renewed = Task.FromResult<object?>("mou-2");
        var ticket = await WakeUpWait.ScheduleAtAsync(run.Object, Now.AddDays(-3));

        Assert.Null(await WakeUpWait.WaitAsync(run.Object, ticket, renewed));
    }

    [Theory]
    [InlineData(-6, 0)]
    [InlineData(5, 5)]
    public void Reached_ScanTime_IsNeverEarlierThanTheMomentWaitedFor(int raisedHoursAfterMoment, int expectedHoursAfterMoment)
    {
        var moment = Now.AddDays(7);

        var reached = WakeUpWait.Reached(new WakeUpSignal("t", moment, moment.AddHours(raisedHoursAfterMoment)), moment);

        Assert.Equal(moment.AddHours(expectedHoursAfterMoment), reached);
    }
}
