using System.Runtime.CompilerServices;
using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.DurableTask.Worker;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>
/// The runtime on a fake clock with one-second timer hops: time moves only when the test moves it, and long waits
/// end within a hop or two of the clock passing them.
/// </summary>
public sealed class ClockTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2031, 3, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateTimer_ThirtyDaysOnFakeClock_FiresOnlyOnceTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .AddOrchestratorFunc<object?, DateTime>("MonthlyReview", async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromDays(30), CancellationToken.None);
                return context.CurrentUtcDateTime;
            }));
        var hops = CountHops(host);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("MonthlyReview");
        await WaitForHistoryAsync(host, id, h => h.OfType<TimerCreated>().Any());

        await WaitForHopsAsync(hops, 2);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await WaitForHopsAsync(hops, 2);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromMinutes(1));
        var done = await WaitForCompletionAsync(host, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Start.UtcDateTime.AddDays(30), done.ReadOutputAs<DateTime>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal(Start.UtcDateTime.AddDays(30), history.OfType<TimerCreated>().Single().FireAt);
        Assert.Single(history.OfType<TimerFired>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutOnFakeClock_TimesOutOnlyOnceTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .AddOrchestratorFunc<object?, string>("Approval", async (context, _) =>
            {
                try
                {
                    return "approved by " + await context.WaitForExternalEvent<string>("Approved", TimeSpan.FromDays(3), CancellationToken.None);
                }
                catch (TaskCanceledException)
                {
                    return "timed out at " + context.CurrentUtcDateTime.ToString("O");
                }
            }));
        var hops = CountHops(host);
        var late = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        var prompt = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await WaitForHistoryAsync(host, late, h => h.OfType<TimerCreated>().Any());
        await WaitForHistoryAsync(host, prompt, h => h.OfType<TimerCreated>().Any());

        clock.Advance(TimeSpan.FromDays(2));
        await WaitForHopsAsync(hops, 4);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(late))!.RuntimeStatus);
        await host.Client.RaiseEventAsync(prompt, "Approved", "coordinator");
        Assert.Equal("approved by coordinator", (await WaitForCompletionAsync(host, prompt)).ReadOutputAs<string>());

        clock.Advance(TimeSpan.FromDays(1));
        var done = await WaitForCompletionAsync(host, late);

        Assert.Equal($"timed out at {Start.UtcDateTime.AddDays(3):O}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CurrentUtcDateTime_FakeClock_FollowsItInEpisodesAndInstanceTimes()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .AddOrchestratorFunc<object?, DateTime[]>("Intake", async (context, _) =>
            {
                var first = context.CurrentUtcDateTime;
                await context.WaitForExternalEvent<string>("Arrived");
                return [first, context.CurrentUtcDateTime];
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Intake");
        await host.Client.WaitForInstanceStartAsync(id);

        clock.Advance(TimeSpan.FromHours(5));
        await host.Client.RaiseEventAsync(id, "Arrived", "ok");
        var done = await WaitForCompletionAsync(host, id);

        Assert.Equal([Start.UtcDateTime, Start.UtcDateTime.AddHours(5)], done.ReadOutputAs<DateTime[]>()!);
        Assert.Equal(Start, done.CreatedAt);
        Assert.Equal(Start.AddHours(5), done.CompletedAt);
        Assert.Equal(Start.AddHours(5), done.LastUpdatedAt);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_StartAtOnFakeClock_StartsOnlyOnceTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, r => r
            .AddOrchestratorFunc<object?, DateTime>("Cohort", (context, _) => Task.FromResult(context.CurrentUtcDateTime)));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Cohort", options: new StartOrchestrationOptions(StartAt: Start.AddDays(2)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        clock.Advance(TimeSpan.FromDays(2));
        var done = await WaitForCompletionAsync(host, id);

        Assert.Equal(Start.UtcDateTime.AddDays(2), done.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task CallActivity_RetryIntervalOnFakeClock_RetriesOnlyOnceTheClockPassesIt()
    {
        var clock = new FakeTimeProvider(Start);
        var attempts = 0;
        await using var host = await StartAsync(clock, r => r
            .AddActivityFunc<object?, int>("SendCertificate", (_, _) =>
                Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("mail server down") : Task.FromResult(attempts))
            .AddOrchestratorFunc<object?, int>("Certify", (context, _) =>
                context.CallActivityAsync<int>("SendCertificate", null, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromHours(1))))));
        var hops = CountHops(host);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Certify");
        await WaitForHistoryAsync(host, id, h => h.OfType<TimerCreated>().Any());

        await WaitForHopsAsync(hops, 2);
        Assert.Equal(1, Volatile.Read(ref attempts));

        clock.Advance(TimeSpan.FromHours(1));
        var done = await WaitForCompletionAsync(host, id);

        Assert.Equal(2, done.ReadOutputAs<int>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal(Start.UtcDateTime.AddHours(1), history.OfType<TimerCreated>().Single().FireAt);
    }

    private Task<DurableTestHost> StartAsync(FakeTimeProvider clock, Action<DurableTaskRegistry> register) =>
        DurableTestHost.StartAsync(azurite.ConnectionString, UniqueName.ForTable("c"), register, maxTimerHop: TimeSpan.FromSeconds(1), time: clock);

    // Counts the worker's timer hops: each is a timer message that arrived, was checked against the clock and found not due.
    private static StrongBox<int> CountHops(DurableTestHost host)
    {
        var hops = new StrongBox<int>();
        host.App.Services.GetRequiredService<DurableTaskWorker>().Checkpoint = name =>
        {
            if (name == "timer.hop")
            {
                Interlocked.Increment(ref hops.Value);
            }

            return Task.CompletedTask;
        };
        return hops;
    }

    private static async Task WaitForHopsAsync(StrongBox<int> hops, int more)
    {
        var target = Volatile.Read(ref hops.Value) + more;
        Assert.True(await DurableTestHost.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref hops.Value) >= target)), "the timer was not checked again within 30 s");
    }

    private static async Task WaitForHistoryAsync(DurableTestHost host, string id, Func<IReadOnlyList<HistoryEvent>, bool> condition) =>
        Assert.True(await DurableTestHost.EventuallyAsync(async () => condition(await host.Client.GetHistoryAsync(id))), "the instance did not reach the expected step within 30 s");

    private static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTestHost host, string id)
    {
        // A few hops, not the default hop of a week: only a clock-checked hop lets this finish in time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }
}
