using System.Collections.Concurrent;

namespace IkmaWorkflow.Standalone.Queues;

/// <summary>
/// Wakes a standalone queue listener when this process has just written to its queue, so an idle listener that
/// has backed off to its longest polling interval picks the message up at once.
/// </summary>
public sealed class QueueWakeups
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    /// <summary>Signals that <paramref name="queueName"/> has a new message.</summary>
    public void Notify(string queueName)
    {
        var signal = Signal(queueName);

        // One pending wake-up is enough: the listener drains the queue before it waits again.
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer signalled in between; the wake-up is already pending.
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a signal on <paramref name="queueName"/>.</summary>
    internal Task<bool> WaitAsync(string queueName, TimeSpan timeout, CancellationToken cancellationToken) =>
        Signal(queueName).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim Signal(string queueName) => _signals.GetOrAdd(queueName, _ => new SemaphoreSlim(0, 1));
}
