namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>Storage transactions at one moment, or over a window.</summary>
/// <param name="Total">All transactions.</param>
/// <param name="ByKind">By kind: <c>queue receive</c>, <c>table batch</c>, <c>blob put</c>...</param>
internal sealed record TransactionCount(long Total, IReadOnlyDictionary<string, long> ByKind)
{
    /// <summary>What was counted between <paramref name="earlier"/> and this snapshot.</summary>
    public TransactionCount Since(TransactionCount earlier) =>
        new(Total - earlier.Total, ByKind.Select(p => (p.Key, Count: p.Value - earlier.ByKind.GetValueOrDefault(p.Key)))
            .Where(p => p.Count > 0).ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal));

    /// <summary>The kinds, most frequent first, as <c>kind N</c> for the progress log.</summary>
    public string Breakdown() => string.Join(", ", ByKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
}
