using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>The orchestration patterns end to end on Azurite, through the function app's queue functions.</summary>
public sealed class PatternTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] Cities = ["Tangerang", "Cipinang", "Bandung"];

    [Fact]
    public async Task Chaining_ThreeActivities_OutputAndHistoryInOrder()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, string>("Greet", (_, city) => Task.FromResult($"Halo {city}"))
            .AddOrchestratorFunc<string[], string[]>("Chain", async (context, cities) =>
            {
                var results = new List<string>();
                foreach (var city in cities)
                {
                    results.Add(await context.CallActivityAsync<string>("Greet", city));
                }

                return [.. results];
            }));

        var done = await host.RunAsync("Chain", Cities);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Halo Tangerang", "Halo Cipinang", "Halo Bandung"], done.ReadOutputAs<string[]>()!);
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        Assert.Equal(3, history.OfType<TaskScheduled>().Count());
        Assert.Equal([0, 1, 2], history.OfType<TaskCompleted>().Select(c => c.TaskId));
        Assert.IsType<ExecutionCompleted>(history[^1]);
        Assert.Single(history.OfType<ExecutionStarted>());
    }

    [Fact]
    public async Task FanOutFanIn_ThousandActivities_SumsEveryResultOnce()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Square", (_, n) => Task.FromResult(n * n))
            .AddOrchestratorFunc<int, long>("FanOut", async (context, count) =>
            {
                var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(n => context.CallActivityAsync<int>("Square", n)));
                return squares.Sum(s => (long)s);
            }));

        var done = await host.RunAsync("FanOut", 1000, timeoutSeconds: 180);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(n => (long)n * n), done.ReadOutputAs<long>());
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        Assert.Equal(1000, history.OfType<TaskCompleted>().Select(c => c.TaskId).Distinct().Count());
        Assert.Equal(1000, history.OfType<TaskCompleted>().Count());
    }

    [Fact]
    public async Task Timer_TwoSeconds_FiresNoEarlierThanDue()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<object?, DateTime>("Sleep", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromSeconds(2), CancellationToken.None);
            return context.CurrentUtcDateTime;
        }));

        var done = await host.RunAsync("Sleep");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        var created = history.OfType<TimerCreated>().Single();
        var fired = history.OfType<TimerFired>().Single();
        Assert.Equal(created.FireAt, fired.FireAt);
        Assert.True(done.ReadOutputAs<DateTime>() >= created.FireAt, "the orchestration resumed before its timer was due");
        Assert.True(done.CompletedAt - done.CreatedAt < TimeSpan.FromSeconds(10), "a 2 s timer took far too long to fire");
    }

    [Fact]
    public async Task HumanInteraction_ApprovalArrives_ReturnsItAndCancelsTimeout()
    {
        await using var host = await StartAsync(Approval);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.RaiseEventAsync(id, "APPROVAL", "disetujui");
        var done = await host.WaitAsync(id);

        Assert.Equal("disetujui", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task HumanInteraction_NoApprovalInTime_TakesTheTimeoutPath()
    {
        await using var host = await StartAsync(Approval);

        var done = await host.RunAsync("Approval");

        Assert.Equal("escalated", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_RaisedBeforeTheWait_IsBuffered()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, bool>("SlowStep", async (_, _) =>
            {
                await gate.Task;
                return true;
            })
            .AddOrchestratorFunc<object?, string>("Buffered", async (context, _) =>
            {
                await context.CallActivityAsync<bool>("SlowStep");
                return await context.WaitForExternalEvent<string>("Letter");
            }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Buffered");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.RaiseEventAsync(id, "letter", "B-535/IKMA.3/IND/VII/2024");
        await Task.Delay(500);
        gate.SetResult();

        Assert.Equal("B-535/IKMA.3/IND/VII/2024", (await host.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestration_ExplicitInstanceId_ResultFlowsToParent()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<int, int>("Double", (_, n) => Task.FromResult(n * 2))
            .AddOrchestratorFunc<int, int>("Child", (context, n) => context.CallActivityAsync<int>("Double", n))
            .AddOrchestratorFunc<int, int>("Parent", async (context, n) =>
                await context.CallSubOrchestratorAsync<int>("Child", n, new SubOrchestrationOptions(InstanceId: context.InstanceId + "-child")) + 1));

        var done = await host.RunAsync("Parent", 20);

        Assert.Equal(41, done.ReadOutputAs<int>());
        var child = await host.Client.GetInstanceAsync(done.InstanceId + "-child", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal(done.InstanceId, child.ParentInstanceId);
        Assert.Equal(40, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Eternal_ContinueAsNew_CountsOnWithFreshHistory()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<int, int>("Counter", async (context, n) =>
        {
            if (n >= 5)
            {
                return n;
            }

            await context.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            context.ContinueAsNew(n + 1);
            return n;
        }));

        var done = await host.RunAsync("Counter", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(5, done.ReadOutputAs<int>());
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Empty(history.OfType<TimerCreated>());
    }

    [Fact]
    public async Task Monitor_PollsUntilConditionWithTimers()
    {
        var polls = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, bool>("IsReleased", (_, _) => Task.FromResult(Interlocked.Increment(ref polls) >= 3))
            .AddOrchestratorFunc<object?, int>("Monitor", async (context, _) =>
            {
                for (var round = 1; ; round++)
                {
                    if (await context.CallActivityAsync<bool>("IsReleased"))
                    {
                        return round;
                    }

                    await context.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                }
            }));

        var done = await host.RunAsync("Monitor");

        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ActivityFailure_CaughtAsTaskFailedException_WithDetails()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, bool>("Fails", (_, _) => throw new InvalidOperationException("nomor surat sudah dipakai"))
            .AddOrchestratorFunc<object?, string>("Catches", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync<bool>("Fails");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskName}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
                }
            }));

        var done = await host.RunAsync("Catches");

        Assert.Equal("Fails|System.InvalidOperationException|nomor surat sudah dipakai", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityFailure_Unhandled_InstanceFailedWithReason()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, bool>("Fails", (_, _) => throw new InvalidOperationException("sertifikat tidak bisa dibuat"))
            .AddOrchestratorFunc<object?, bool>("DoesNotCatch", (context, _) => context.CallActivityAsync<bool>("Fails")));

        var done = await host.RunAsync("DoesNotCatch");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("sertifikat tidak bisa dibuat", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryPolicy_FailsTwiceThenSucceeds_ReturnsResult()
    {
        var attempts = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, int>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3 ? throw new TimeoutException("SendGrid 503") : Task.FromResult(attempts))
            .AddOrchestratorFunc<object?, int>("Retries", (context, _) =>
                context.CallActivityAsync<int>("Flaky", null, TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(200), 2.0)))));

        var done = await host.RunAsync("Retries");

        Assert.Equal(3, done.ReadOutputAs<int>());
        var history = await host.Client.GetHistoryAsync(done.InstanceId);
        Assert.Equal(2, history.OfType<TaskFailed>().Count());
        Assert.Equal(2, history.OfType<TimerCreated>().Count());
    }

    [Fact]
    public async Task RetryPolicy_PredicateRejectsFailure_NoRetry()
    {
        var attempts = 0;
        await using var host = await StartAsync(r => r
            .AddActivityFunc<object?, int>("Invalid", (_, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new ArgumentException("bad input");
            })
            .AddOrchestratorFunc<object?, int>("NoRetry", (context, _) =>
                context.CallActivityAsync<int>("Invalid", null, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(100)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() }))));

        var done = await host.RunAsync("NoRetry");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, attempts);
    }

    private static void Approval(DurableTaskRegistry registry) => registry.AddOrchestratorFunc<object?, string>("Approval", async (context, _) =>
    {
        try
        {
            return await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(2));
        }
        catch (TaskCanceledException)
        {
            return "escalated";
        }
    });

    private Task<DurableTestHost> StartAsync(Action<DurableTaskRegistry> register) =>
        DurableTestHost.StartAsync(azurite.ConnectionString, UniqueName.ForTable("h"), register);
}
