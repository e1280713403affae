using System.Diagnostics;
using IkmaWorkflow.Testing;
using Xunit.Abstractions;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>
/// A real process kill (SIGKILL, no shutdown) at each checkpoint of message processing, then a restart: every
/// instance completes with the same result, each history event is recorded once, and activities cut off by the kill
/// run again under the same idempotency key.
/// </summary>
public sealed class ProcessCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    /// <summary>128 + SIGKILL: how a process killed by signal 9 exits.</summary>
    private const int KilledExitCode = 137;

    private static readonly TimeSpan CrashTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The worker's checkpoints: <c>episode.sent</c> (new steps' messages sent, state not committed),
    /// <c>episode.committed</c> (committed, message not deleted), <c>local.ran</c> (an in-process activity done, its result only in memory),
    /// <c>local.released</c> (the last result committed, the guard message not yet deleted), <c>timer.hop</c> (next hop of a long timer sent, this
    /// one not deleted). The hit falls in the middle of the work, while other instances' messages are in flight; the
    /// timers, which run for several seconds, are still unfinished then.
    /// </summary>
    [Theory]
    [InlineData("episode.sent", 8)]
    [InlineData("episode.committed", 8)]
    [InlineData("local.ran", 8)]
    [InlineData("local.released", 2)]
    [InlineData("timer.hop", 2)]
    public async Task KillAtCheckpoint_HostRestarted_EveryInstanceCompletesWithSameResultAndEachEventOnce(string checkpoint, int hit)
    {
        await using var hub = TaskHub.Create(azurite.ConnectionString);

        var (killed, restarted) = await KillAndRestartAsync(hub, checkpoint, hit);

        AssertCutOffActivitiesRanAgain(killed, restarted);
    }

    /// <summary>An activity kills the process in the middle of its work: it runs again, under the same key, after the restart.</summary>
    [Fact]
    public async Task KillInsideActivity_HostRestarted_ActivityRunsAgainWithSameKeyAndInstancesComplete()
    {
        await using var hub = TaskHub.Create(azurite.ConnectionString);

        var (killed, restarted) = await KillAndRestartAsync(hub, "activity.running", 8);

        var cutOff = AssertCutOffActivitiesRanAgain(killed, restarted);
        Assert.NotEmpty(cutOff);
    }

    // Starts a host that kills itself at the hit-th checkpoint, starts the instances, waits for the kill, restarts the
    // host and checks every instance. Returns the two work logs.
    private async Task<(WorkLogFile Killed, WorkLogFile Restarted)> KillAndRestartAsync(TaskHub hub, string checkpoint, int hit)
    {
        var watch = Stopwatch.StartNew();
        var planned = Workload.EveryShape();
        var first = await hub.StartHostAsync("first", checkpoint, hit);
        await hub.ScheduleAsync(planned);

        Assert.True(await first.WaitForExitAsync(CrashTimeout), $"The host did not reach checkpoint {checkpoint} {hit} times within {CrashTimeout.TotalSeconds:0} s. {first.Describe()}");
        Assert.True(first.ExitCode == KilledExitCode, $"The host was to kill itself (exit code {KilledExitCode}). {first.Describe()}");
        var killed = hub.ReadLog(first);
        Assert.Equal([(checkpoint, hit)], killed.Crashes);
        var unfinished = await hub.CountUnfinishedAsync(planned);
        Assert.True(unfinished > 0, "Every instance had finished before the kill, so the kill interrupted nothing.");
        var killedAt = watch.Elapsed;

        var second = await hub.StartHostAsync("restarted");
        await hub.WaitForAllAsync(planned, CompletionTimeout, second);

        var restarted = hub.ReadLog(second);
        await hub.VerifyAsync(planned, [killed, restarted]);
        Assert.Empty(restarted.Crashes);
        Assert.NotEmpty(restarted.Commits);
        output.WriteLine(
            $"{checkpoint} #{hit}: killed after {killedAt.TotalSeconds:0.0} s with {unfinished}/{planned.Count} instances unfinished; all done after {watch.Elapsed.TotalSeconds:0.0} s. " +
            $"Killed process: {killed.Commits.Count} commits, {killed.Started.Count} activity runs begun, {killed.Finished.Count} finished. " +
            $"Restarted: {restarted.Commits.Count} commits, {restarted.Started.Count} begun, {restarted.Finished.Count} finished, {restarted.Conflicts.Count} conflicts.");
        return (killed, restarted);
    }

    // An activity run the kill cut off left its message undeleted, so the restarted process must have run it again,
    // under the same idempotency key. Returns the keys of the cut-off runs.
    private List<string> AssertCutOffActivitiesRanAgain(WorkLogFile killed, WorkLogFile restarted)
    {
        var finished = killed.Finished.CountBy(k => k).ToDictionary();
        var cutOff = killed.Started.CountBy(k => k).Where(s => s.Value > finished.GetValueOrDefault(s.Key)).Select(s => s.Key).ToList();
        foreach (var key in cutOff)
        {
            Assert.Contains(key, restarted.Finished);
        }

        output.WriteLine($"Activity runs cut off by the kill: [{string.Join(", ", cutOff)}]");
        return cutOff;
    }
}
