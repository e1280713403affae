using IkmaWorkflow.Programmes.Agreements;

namespace IkmaWorkflow.Programmes.Tests.Agreements;

/// <summary>The MoU expiry watch against a scripted Moq context: its reminders 90, 30 and 7 days before expiry, on the app's clock.</summary>
public sealed class MouOrchestrationTests
{
    private static readonly DateTimeOffset Now = new(2024, 8, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_NeverRenewed_RemindsAt90And30And7DaysThenExpires()
    {
        var run = Run(notifyAnswer: true);

        var result = await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(200).UtcDateTime)));

        Assert.Equal("Expired", result);
        Assert.Equal(
            [
                "ScheduleWakeUp +110.00:00:00", "woken", "NotifyMouExpiring 90",
                "ScheduleWakeUp +170.00:00:00", "woken", "NotifyMouExpiring 30",
                "ScheduleWakeUp +193.00:00:00", "woken", "NotifyMouExpiring 7",
                "ScheduleWakeUp +200.00:00:00", "woken",
            ],
            run.Steps);
        Assert.All(run.Calls, c => Assert.Equal("mou-mou-1", ((MouNotice)c.Input!).InstanceId));
    }

    [Fact]
    public async Task RunAsync_ExpiresIn20Days_SkipsRemindersAlreadyPast()
    {
        var run = Run(notifyAnswer: true);

        await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(20).UtcDateTime)));

        Assert.Equal(["ScheduleWakeUp -70.00:00:00 (due)", "ScheduleWakeUp +13.00:00:00", "woken", "NotifyMouExpiring 7", "ScheduleWakeUp +20.00:00:00", "woken"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_RenewedBeforeFirstReminder_SendsNothing()
    {
        var run = Run(notifyAnswer: true).Then(Arrival.Event(MouOrchestration.RenewedEvent, "mou-2"));

        var result = await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(200).UtcDateTime)));

        Assert.Equal("Renewed", result);
        Assert.Equal(["ScheduleWakeUp +110.00:00:00", "Renewed"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_RenewedFoundByTheReminder_EndsRenewedWithoutSending()
    {
        var run = Run(notifyAnswer: false);

        var result = await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(200).UtcDateTime)));

        Assert.Equal("Renewed", result);
        Assert.Equal(["ScheduleWakeUp +110.00:00:00", "woken", "NotifyMouExpiring 90"], run.Steps);
    }

    [Fact]
    public async Task RunAsync_ClockJumpsPastTheThirtyDayReminder_SendsTheLateOneAndSkipsThePassedOne()
    {
        // The 90-day wake-up is raised 70 days late, 20 days before expiry: the 30-day moment has passed meanwhile.
        var run = Run(notifyAnswer: true).Then(Arrival.WakeUp(late: TimeSpan.FromDays(70)));

        var result = await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(200).UtcDateTime)));

        Assert.Equal("Expired", result);
        Assert.Equal(
            ["ScheduleWakeUp +110.00:00:00", "woken", "NotifyMouExpiring 90", "ScheduleWakeUp +193.00:00:00", "woken", "NotifyMouExpiring 7", "ScheduleWakeUp +200.00:00:00", "woken"],
            run.Steps);
    }

    [Fact]
    public async Task RunAsync_ExpiredBeforeTheWatchStarted_ExpiresAtOnceWithoutReminders()
    {
        // The demo's MoU that lapsed in May 2017, registered in 2023.
        var run = Run(notifyAnswer: true);

        var result = await run.RunAsync(c => new MouOrchestration().RunAsync(c, new MouWatch("mou-1", Now.AddDays(-2000).UtcDateTime)));

        Assert.Equal("Expired", result);
        Assert.Equal(["ScheduleWakeUp -2090.00:00:00 (due)", "ScheduleWakeUp -2000.00:00:00 (due)"], run.Steps);
    }

    // NotifyMouExpiring answers false when it finds the MoU renewed: then the watch ends Renewed.
    private static ScriptedContext Run(bool notifyAnswer) =>
        new ScriptedContext("mou-mou-1", Now)
            .Activity<MouNotice>(nameof(NotifyMouExpiring), _ => notifyAnswer, n => n.DaysBefore.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
