using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace IkmaWorkflow.Benchmarks.Storage;

/// <summary>Counts the storage transactions (HTTP requests to Azure Storage) of one process, in total and by kind.</summary>
internal sealed class TransactionCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byKind = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>All transactions so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts one transaction of <paramref name="kind"/>.</summary>
    public void Add(string kind)
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _byKind.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);
    }

    /// <summary>Notes an event of <paramref name="kind"/> (an error answer) in the breakdown without counting a transaction.</summary>
    public void Note(string kind) =>
        Interlocked.Increment(ref _byKind.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);

    /// <summary>The counts now.</summary>
    public TransactionSnapshot Snapshot() =>
        new(Total, _byKind.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal));
}

/// <summary>Transaction counts at one moment.</summary>
/// <param name="Total">All transactions.</param>
/// <param name="ByKind">Transactions by kind (<c>queue receive</c>, <c>table batch</c>, ...), and error answers by kind and status (<c>table batch answered 412</c>).</param>
internal sealed record TransactionSnapshot(long Total, IReadOnlyDictionary<string, long> ByKind)
{
    public static TransactionSnapshot Empty { get; } = new(0, new Dictionary<string, long>());

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public TransactionSnapshot Since(TransactionSnapshot earlier) =>
        new(Total - earlier.Total, ByKind.ToDictionary(p => p.Key, p => p.Value - earlier.ByKind.GetValueOrDefault(p.Key), StringComparer.Ordinal));

    /// <summary>The sum of two snapshots (of two processes).</summary>
    public TransactionSnapshot Plus(TransactionSnapshot other)
    {
        var byKind = new Dictionary<string, long>(ByKind, StringComparer.Ordinal);
        foreach (var (kind, count) in other.ByKind)
        {
            byKind[kind] = byKind.GetValueOrDefault(kind) + count;
        }

        return new(Total + other.Total, byKind);
    }
}
