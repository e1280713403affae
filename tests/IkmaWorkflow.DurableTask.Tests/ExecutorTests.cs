using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.DurableTask.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>The replay engine on its own: history in, new steps out, no storage.</summary>
public sealed class ExecutorTests
{
    private static readonly DateTime Start = new(2024, 9, 3, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Run_FirstEpisode_SchedulesFirstActivityOnly()
    {
        var result = Run(Chain, [], [Started()]);

        Assert.Equal(OrchestrationRuntimeStatus.Running, result.Status);
        var step = Assert.IsType<TaskScheduled>(Assert.Single(result.NewSteps));
        Assert.Equal(("Enrol", 0), (step.Name, step.TaskId));
    }

    [Fact]
    public void Run_ReplayWithCompletion_SchedulesNextAndRecordsCompletionOnce()
    {
        var first = Run(Chain, [], [Started()]);
        var history = first.NewEvents.ToList();

        var second = Run(Chain, history, [new TaskCompleted(Start, 0, "\"enrolled\"")]);
        var duplicate = Run(Chain, [.. history, .. second.NewEvents], [new TaskCompleted(Start, 0, "\"enrolled\"")]);

        Assert.Equal("Certify", Assert.IsType<TaskScheduled>(Assert.Single(second.NewSteps)).Name);
        Assert.DoesNotContain(duplicate.NewEvents, e => e is TaskCompleted);
        Assert.Empty(duplicate.NewSteps);
    }

    [Fact]
    public void Run_CompletionBeforeItsStepIsRecorded_ReportedAsEarlyNotApplied()
    {
        var first = Run(Chain, [], [Started()]);

        var result = Run(Chain, [.. first.NewEvents], [new TaskCompleted(Start, 5, "\"from the future\"")]);

        Assert.Single(result.EarlyCompletions);
        Assert.DoesNotContain(result.NewEvents, e => e is TaskCompleted);
    }

    [Fact]
    public void Run_EventsRaisedBeforeWait_DeliveredInOrderCaseInsensitively()
    {
        static async Task<string> TwoEvents(TaskOrchestrationContext context, object? input)
        {
            await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
            var first = await context.WaitForExternalEvent<string>("attendance");
            var second = await context.WaitForExternalEvent<string>("Attendance");
            return first + second;
        }

        var first = Run(TwoEvents, [], [Started()]);
        var second = Run(TwoEvents, [.. first.NewEvents], [new EventRaised(Start, "ATTENDANCE", "\"day1\"", "e1"), new EventRaised(Start, "attendance", "\"day2\"", "e2")]);
        var third = Run(TwoEvents, [.. first.NewEvents, .. second.NewEvents], [new TimerFired(Start.AddMinutes(1), 0, Start.AddMinutes(1))]);

        Assert.Equal(OrchestrationRuntimeStatus.Running, second.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, third.Status);
        Assert.Equal("\"day1day2\"", third.Output);
    }

    [Fact]
    public void Run_NewGuid_SameOnReplayDifferentAcrossCalls()
    {
        static Task<Guid[]> Guids(TaskOrchestrationContext context, object? input) => Task.FromResult(new[] { context.NewGuid(), context.NewGuid() });

        var once = Run(Guids, [], [Started()]);
        var again = Run(Guids, [], [Started()]);

        Assert.Equal(once.Output, again.Output);
        var guids = System.Text.Json.JsonSerializer.Deserialize<Guid[]>(once.Output!)!;
        Assert.NotEqual(guids[0], guids[1]);
        Assert.Equal(5, guids[0].Version);
    }

    [Fact]
    public void Run_CurrentUtcDateTime_IsTheEpisodeTimeOnReplay()
    {
        static async Task<DateTime> Clock(TaskOrchestrationContext context, object? input)
        {
            await context.CreateTimer(context.CurrentUtcDateTime.AddDays(30), CancellationToken.None);
            return context.CurrentUtcDateTime;
        }

        var first = Run(Clock, [], [Started()], Start);
        var fired = Run(Clock, [.. first.NewEvents], [new TimerFired(Start.AddDays(30), 0, Start.AddDays(30))], Start.AddDays(30).AddSeconds(3));

        Assert.Equal(Start.AddDays(30), Assert.IsType<TimerCreated>(Assert.Single(first.NewSteps)).FireAt);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Start.AddDays(30).AddSeconds(3)), fired.Output);
    }

    [Fact]
    public void Run_OrchestratorNotRegistered_FailsNamingIt()
    {
        var result = OrchestrationExecutor.Run("i1", [], [Started()], (_, _) => null, NullLoggerFactory.Instance, Start);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Status);
        Assert.Contains("'Test' version '1' is not registered", result.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    private static async Task<string> Chain(TaskOrchestrationContext context, object? input)
    {
        var enrolled = await context.CallActivityAsync<string>("Enrol");
        return await context.CallActivityAsync<string>("Certify", enrolled);
    }

    private static ExecutionStarted Started() => new(Start, "Test", "1", "e1", null, null, null);

    private static EpisodeResult Run<TOutput>(Func<TaskOrchestrationContext, object?, Task<TOutput>> orchestrator, List<HistoryEvent> history, List<HistoryEvent> incoming, DateTime? now = null)
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc(new TaskName("Test", "1"), orchestrator);
        return OrchestrationExecutor.Run("i1", history, incoming, (n, v) => registry.TryCreateOrchestrator(null!, n, v, out var o) ? o : null, NullLoggerFactory.Instance, now ?? Start);
    }
}
