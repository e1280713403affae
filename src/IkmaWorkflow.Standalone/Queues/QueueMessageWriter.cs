using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Settings;

namespace IkmaWorkflow.Standalone.Queues;

/// <summary>
/// Writes messages for queue-triggered functions in the encoding <c>host.json</c> sets (base64 by default), so the
/// Functions host and the standalone listener both read them, and wakes this process's listener for the queue.
/// </summary>
public class QueueMessageWriter
{
    private readonly QueueServiceClient _service;
    private readonly QueueWakeups _wakeups;
    private readonly bool _base64;
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    /// <summary>Creates a writer on the app's storage account.</summary>
    public QueueMessageWriter(QueueServiceClient service, HostSettings host, QueueWakeups wakeups)
    {
        ArgumentNullException.ThrowIfNull(host);
        _service = service;
        _wakeups = wakeups;
        _base64 = host.Queues.Base64Encoding;
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="queueName"/>, creating the queue when it does not exist.</summary>
    /// <param name="queueName">The queue, as its trigger names it.</param>
    /// <param name="message">The message text the function will receive.</param>
    /// <param name="visibilityDelay">How long the message stays invisible before it can be processed.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public virtual async Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentNullException.ThrowIfNull(message);
        var queue = _queues.GetOrAdd(queueName, _service.GetQueueClient);
        var text = _base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(message)) : message;
        try
        {
            await queue.SendMessageAsync(text, visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        }

        if (visibilityDelay is null || visibilityDelay <= TimeSpan.Zero)
        {
            _wakeups.Notify(queueName);
        }
    }
}
