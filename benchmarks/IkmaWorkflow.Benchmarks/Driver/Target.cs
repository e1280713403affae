namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>One target: a field of a result line that must not exceed <paramref name="Max"/>.</summary>
/// <param name="Line">The result line, such as <c>certificates</c> or <c>forms concurrency 16</c>.</param>
/// <param name="Metric">The line's field.</param>
/// <param name="Max">The greatest value that meets the target.</param>
/// <param name="Value">The measured value; null when the scenario failed.</param>
internal sealed record Target(string Line, string Metric, double Max, double? Value)
{
    /// <summary>Whether it was met.</summary>
    public bool Pass => Value <= Max;
}
