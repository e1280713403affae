namespace IkmaWorkflow.DurableTask.ProcessHost.Workflows;

/// <summary>The orchestrations the process tests run: one of each shape the runtime must survive a kill in.</summary>
internal static class TestWorkflows
{
    /// <summary>The external event <see cref="Approval"/> waits for.</summary>
    public const string ApprovalEvent = "Approval";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<Chain>()
        .AddOrchestrator<FanOut>()
        .AddOrchestrator<Sleeper>()
        .AddOrchestrator<Approval>()
        .AddOrchestrator<Nested>()
        .AddActivity<Increment>()
        .AddActivity<Square>();
}

/// <summary>Three activities in a row: (n + 1)² + 1.</summary>
internal sealed class Chain : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var next = await context.CallActivityAsync<int>(nameof(Increment), input);
        var squared = await context.CallActivityAsync<int>(nameof(Square), next);
        return await context.CallActivityAsync<int>(nameof(Increment), squared);
    }
}

/// <summary>Squares 1..n in parallel and sums them: n(n + 1)(2n + 1) / 6.</summary>
internal sealed class FanOut : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(Square), i)));
        return squares.Sum();
    }
}

/// <summary>Waits <c>n</c> seconds on a durable timer (several hops with the host's short hop), then returns n + 1.</summary>
internal sealed class Sleeper : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        await context.CreateTimer(TimeSpan.FromSeconds(input), CancellationToken.None);
        return await context.CallActivityAsync<int>(nameof(Increment), input);
    }
}

/// <summary>Waits for the <see cref="TestWorkflows.ApprovalEvent"/> event carrying v and returns v² + n.</summary>
internal sealed class Approval : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var approved = await context.WaitForExternalEvent<int>(TestWorkflows.ApprovalEvent);
        return await context.CallActivityAsync<int>(nameof(Square), approved) + input;
    }
}

/// <summary>Runs <see cref="Chain"/> as a sub-orchestration and doubles its result: 2((n + 1)² + 1).</summary>
internal sealed class Nested : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input) =>
        2 * await context.CallSubOrchestratorAsync<int>(nameof(Chain), input);
}
