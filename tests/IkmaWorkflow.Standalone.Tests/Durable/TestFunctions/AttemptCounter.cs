using System.Collections.Concurrent;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Counts calls per key (an instance id), as a DI singleton of one test host.</summary>
public sealed class AttemptCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one more call for <paramref name="key"/> and returns the count.</summary>
    public int Increment(string key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

    /// <summary>The calls counted for <paramref name="key"/>.</summary>
    public int Count(string key) => _counts.GetValueOrDefault(key);
}
