using System.Collections.Concurrent;
using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Queues;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Tests.Queues;

/// <summary>
/// Writes messages for queue-triggered functions in the encoding <c>host.json</c> sets (base64 by default), as an
/// app's code would, and wakes the standalone listener for the queue through the app's <see cref="QueueWakeups"/>.
/// </summary>
internal sealed class QueueMessageWriter
{
    private readonly QueueServiceClient _service;
    private readonly QueueWakeups _wakeups;
    private readonly bool _base64;
    private readonly ConcurrentDictionary<string, QueueClient> _queues = new(StringComparer.Ordinal);

    /// <summary>Creates a writer on the storage account, host.json and wake-ups of the app whose services are <paramref name="services"/>.</summary>
    public QueueMessageWriter(IServiceProvider services)
    {
        _service = services.GetRequiredService<QueueServiceClient>();
        _wakeups = services.GetRequiredService<QueueWakeups>();
        _base64 = services.GetRequiredService<HostSettings>().Queues.Base64Encoding;
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="queueName"/>, creating the queue when it does not exist.</summary>
    /// <param name="queueName">The queue, as its trigger names it.</param>
    /// <param name="message">The message text the function will receive.</param>
    /// <param name="visibilityDelay">How long the message stays invisible before it can be processed.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public async Task SendAsync(string queueName, string message, TimeSpan? visibilityDelay = null, CancellationToken cancellationToken = default)
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
