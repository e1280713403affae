using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.DurableTask.Worker;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>
/// A failure at each checkpoint of message processing, as a crash there would leave things: the message being
/// handled is not deleted and comes back, and what only the process knew (in-process activities, their results) is
/// given up, so their guard brings them back through the activity queue. Every instance must still complete with the
/// same result, and history must hold each event once. Each checkpoint runs with activities through the activity
/// queue and, where it exists on that path too, with activities in process.
/// </summary>
public sealed class CrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("episode.sent", false, null)]
    [InlineData("episode.committed", false, null)]
    [InlineData("activity.ran", false, null)]
    [InlineData("activity.sent", false, null)]
    [InlineData("timer.hop", false, null)]
    [InlineData("episode.sent", true, null)]
    [InlineData("episode.committed", true, null)]
    [InlineData("timer.hop", true, null)]
    [InlineData("local.ran", true, null)]
    [InlineData("local.released", true, null)]
    [InlineData("local.recovered", true, "local.ran")]
    public async Task CrashAtCheckpoint_EveryOtherTime_InstanceCompletesWithSameResultAndNoDuplicateEvents(string checkpoint, bool localActivities, string? alsoCrashAt)
    {
        var runs = 0;
        await using var host = await DurableTestHost.StartAsync(
            azurite.ConnectionString,
            UniqueName.ForTable("k"),
            r => r
                .AddActivityFunc<int, int>("Square", (_, n) =>
                {
                    Interlocked.Increment(ref runs);
                    return Task.FromResult(n * n);
                })
                .AddOrchestratorFunc<int, int>("Child", (context, n) => context.CallActivityAsync<int>("Square", n))
                .AddOrchestratorFunc<int, int>("Workflow", async (context, n) =>
                {
                    var squares = await Task.WhenAll(Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("Square", i)));
                    await context.CreateTimer(TimeSpan.FromSeconds(5), CancellationToken.None);
                    var child = await context.CallSubOrchestratorAsync<int>("Child", 10);
                    return squares.Sum() + child;
                }),
            maxDequeueCount: 10,
            maxTimerHop: TimeSpan.FromSeconds(1),
            configure: o =>
            {
                o.LocalActivities = localActivities;
                o.LocalActivityLease = TimeSpan.FromSeconds(2);
            });
        var seen = 0;
        var seenOther = 0;
        var crashes = 0;
        host.App.Services.GetRequiredService<DurableTaskWorker>().Checkpoint = name =>
        {
            // The other checkpoint's crashes make this one's path run (a recovery needs a lost activity).
            if ((name == checkpoint && Interlocked.Increment(ref seen) % 2 == 1) || (name == alsoCrashAt && Interlocked.Increment(ref seenOther) % 2 == 1))
            {
                if (name == checkpoint)
                {
                    Interlocked.Increment(ref crashes);
                }

                throw new IOException($"simulated crash at {name}");
            }

            return Task.CompletedTask;
        };

        var done = await host.RunAsync("Workflow", 5, timeoutSeconds: 120);

        Assert.True(crashes > 0, $"the checkpoint {checkpoint} was never reached");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1 + 4 + 9 + 16 + 25 + 100, done.ReadOutputAs<int>());
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        var completions = history.OfType<TaskEvent>().Where(e => e is TaskCompleted or TimerFired or SubOrchestrationCompleted).Select(e => e.TaskId).ToList();
        Assert.Equal(completions.Distinct().Count(), completions.Count);
        Assert.Equal(history.OfType<TaskScheduled>().Count(), history.OfType<TaskCompleted>().Count());
        Assert.Single(history.OfType<ExecutionCompleted>());
        Assert.Single(history.OfType<TimerFired>());
        Assert.True(runs >= 6, "an activity never ran");
    }
}
