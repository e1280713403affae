using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Writes a message for a queue-triggered function, base64-encoded as the Functions host reads queue messages
/// (host.json <c>extensions.queues.messageEncoding</c> is <c>base64</c>, its default), creating the queue if needed.
/// </summary>
public class QueueMessageWriter(QueueServiceClient service)
{
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="message"/> to <paramref name="queueName"/>, visible after <paramref name="visibilityDelay"/>; it never expires.</summary>
    public virtual async Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentNullException.ThrowIfNull(message);
        var queue = _queues.GetOrAdd(queueName, service.GetQueueClient);
        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(message));
        try
        {
            await queue.SendMessageAsync(text, visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(text, visibilityDelay, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
    }
}
