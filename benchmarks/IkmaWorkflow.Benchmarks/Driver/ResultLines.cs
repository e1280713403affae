namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>The <c>floor</c> line.</summary>
internal sealed record FloorLine(string Scenario, double SerialStorageOpsPerSecond, double StorageOpsPerSecond);

/// <summary>A scenario's line.</summary>
internal sealed record ScenarioLine(
    string Scenario,
    int Activities,
    double Seconds,
    double ActivitiesPerSecond,
    double StorageTransactionsPerActivity,
    double P50Ms,
    double P99Ms,
    double PeakWorkingSetMb,
    double FractionOfFloor);

/// <summary>The line of a scenario that did not finish.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Error">What went wrong.</param>
/// <param name="PeakWorkingSetMb">The workers' peak working set until then, when they still answered.</param>
/// <param name="StorageTransactions">The window's storage transactions until then, when the workers still answered.</param>
internal sealed record ErrorLine(string Scenario, string Error, double? PeakWorkingSetMb = null, long? StorageTransactions = null);

/// <summary>The last line: every target, met or not.</summary>
internal sealed record SummaryLine(string Scenario, bool Passed, int PassedCount, int FailedCount, IReadOnlyList<TargetCheck> Targets);

/// <summary>One target of one scenario.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Metric">The line's field the target is on.</param>
/// <param name="Min">The least value that meets the target, for a target from below.</param>
/// <param name="Max">The greatest value that meets the target, for a target from above.</param>
/// <param name="Value">The measured value, or null when the scenario failed.</param>
/// <param name="Pass">Whether the target was met.</param>
internal sealed record TargetCheck(string Scenario, string Metric, double? Min, double? Max, double? Value, bool Pass)
{
    public static IEnumerable<TargetCheck> For(string scenario, ScenarioLine? line) => scenario switch
    {
        Scenarios.Idle => [AtMost(scenario, "peakWorkingSetMb", 300, line?.PeakWorkingSetMb)],
        Scenarios.Sequential => [AtLeast(scenario, "activitiesPerSecond", 30, line?.ActivitiesPerSecond)],
        Scenarios.FanOut => [
            AtLeast(scenario, "activitiesPerSecond", 150, line?.ActivitiesPerSecond),
            AtMost(scenario, "storageTransactionsPerActivity", 6, line?.StorageTransactionsPerActivity)],
        Scenarios.Concurrent => [
            AtLeast(scenario, "activitiesPerSecond", 120, line?.ActivitiesPerSecond),
            AtMost(scenario, "storageTransactionsPerActivity", 6, line?.StorageTransactionsPerActivity)],
        Scenarios.Events => [AtLeast(scenario, "activitiesPerSecond", 100, line?.ActivitiesPerSecond)],
        _ => throw new ArgumentException($"Unknown scenario '{scenario}'.", nameof(scenario)),
    };

    private static TargetCheck AtLeast(string scenario, string metric, double target, double? value) =>
        new(scenario, metric, target, null, value, value >= target);

    private static TargetCheck AtMost(string scenario, string metric, double target, double? value) =>
        new(scenario, metric, null, target, value, value <= target);
}
