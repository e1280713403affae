using System.Collections.Concurrent;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>
/// What the test functions report to, one per test app: each call records what the function received, and the test
/// may give the functions something to do (fail, wait, block).
/// </summary>
internal sealed class Probe
{
    /// <summary>What the functions received, in order.</summary>
    public ConcurrentQueue<object?> Calls { get; } = new();

    /// <summary>Other events the functions report, such as "disposed" or "cancelled".</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>What a function does after recording its call; nothing by default.</summary>
    public Func<object?, CancellationToken, Task>? Handler { get; set; }

    /// <summary>Records <paramref name="value"/> and runs <see cref="Handler"/>.</summary>
    public Task RecordAsync(object? value, CancellationToken cancellationToken)
    {
        Calls.Enqueue(value);
        return Handler?.Invoke(value, cancellationToken) ?? Task.CompletedTask;
    }
}
