namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>Percentiles of latencies.</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="percent"/>th percentile of <paramref name="values"/> by nearest rank, rounded to 0.1.</summary>
    public static double Of(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Length) - 1], 1);
    }
}
