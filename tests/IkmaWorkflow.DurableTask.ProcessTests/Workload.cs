namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>
/// An instance a test starts and the output it must end with. The expected outputs are worked out here from the
/// orchestrations' definitions (the host's <c>Workflows</c>), not by running their code.
/// </summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="Orchestrator">The orchestrator name.</param>
/// <param name="Input">The input.</param>
/// <param name="Output">The output it must complete with.</param>
/// <param name="ApprovalValue">For <c>Approval</c>: the value of the event the test raises.</param>
internal sealed record PlannedInstance(string InstanceId, string Orchestrator, int Input, int Output, int? ApprovalValue = null)
{
    /// <summary>(n + 1)² + 1: increment, square, increment.</summary>
    public static PlannedInstance Chain(int index, int n) => new($"chain-{index:D2}", "Chain", n, ((n + 1) * (n + 1)) + 1);

    /// <summary>1² + … + n², squared in parallel.</summary>
    public static PlannedInstance FanOut(int index, int n) => new($"fanout-{index:D2}", "FanOut", n, n * (n + 1) * ((2 * n) + 1) / 6);

    /// <summary>n + 1 after a durable timer of n seconds.</summary>
    public static PlannedInstance Sleeper(int index, int seconds) => new($"sleeper-{index:D2}", "Sleeper", seconds, seconds + 1);

    /// <summary>v² + n, v raised as the <c>Approval</c> event.</summary>
    public static PlannedInstance Approval(int index, int n, int approval) => new($"approval-{index:D2}", "Approval", n, (approval * approval) + n, approval);

    /// <summary>2((n + 1)² + 1): <c>Chain</c> as a sub-orchestration, doubled.</summary>
    public static PlannedInstance Nested(int index, int n) => new($"nested-{index:D2}", "Nested", n, 2 * Chain(0, n).Output);
}

/// <summary>The instance mixes the tests start.</summary>
internal static class Workload
{
    /// <summary>
    /// One or two of every shape: chains, fan-outs, timers long enough to hop several times with the host's
    /// one-second hop, an external event and a sub-orchestration. A kill a few checkpoints in finds all of them busy.
    /// </summary>
    public static IReadOnlyList<PlannedInstance> EveryShape() =>
    [
        PlannedInstance.Chain(1, 1),
        PlannedInstance.Chain(2, 2),
        PlannedInstance.FanOut(1, 6),
        PlannedInstance.FanOut(2, 8),
        PlannedInstance.Sleeper(1, 6),
        PlannedInstance.Sleeper(2, 7),
        PlannedInstance.Approval(1, 3, 7),
        PlannedInstance.Nested(1, 4),
    ];

    /// <summary>Mostly chains and fan-outs: <paramref name="count"/> instances, every ninth an approval or a sub-orchestration.</summary>
    public static IReadOnlyList<PlannedInstance> ChainsAndFanOuts(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => (i % 9) switch
        {
            0 when i % 2 == 0 => PlannedInstance.Approval(i, i, i + 1),
            0 => PlannedInstance.Nested(i, i),
            _ when i % 2 == 0 => PlannedInstance.FanOut(i, 3 + (i % 6)),
            _ => PlannedInstance.Chain(i, i),
        }),
    ];
}
