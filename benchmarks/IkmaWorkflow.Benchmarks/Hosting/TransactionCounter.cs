using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>Counts storage transactions (HTTP requests to Azure Storage), in total and by kind.</summary>
internal sealed class TransactionCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byKind = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Counts one transaction of <paramref name="kind"/>.</summary>
    public void Add(string kind)
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _byKind.GetOrAdd(kind, static _ => new StrongBox<long>()).Value);
    }

    /// <summary>The counts now.</summary>
    public TransactionCount Snapshot() =>
        new(Interlocked.Read(ref _total), _byKind.ToDictionary(p => p.Key, p => Interlocked.Read(ref p.Value.Value), StringComparer.Ordinal));
}
