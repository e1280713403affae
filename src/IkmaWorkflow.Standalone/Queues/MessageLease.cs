using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace IkmaWorkflow.Standalone.Queues;

/// <summary>
/// Keeps a received message invisible while it is processed and settles it afterwards with the newest pop receipt:
/// every visibility update issues a new receipt and the old one is refused (400 PopReceiptMismatch).
/// </summary>
internal sealed class MessageLease : IDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string _popReceipt;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan duration, TimeProvider time)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _duration = duration;
        _renewing = RenewAsync(time, _stop.Token);
    }

    /// <summary>Stops renewing; the message stays invisible until settled or until the lease lapses.</summary>
    public async Task StopRenewingAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
    }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <summary>Deletes the message: it was processed, or copied to the poison queue.</summary>
    public Task DeleteAsync() => _queue.DeleteMessageAsync(_messageId, _popReceipt);

    /// <summary>Makes the message visible again after <paramref name="delay"/>.</summary>
    public Task ReleaseAsync(TimeSpan delay) => _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: delay);

    private async Task RenewAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_duration / 2, time, cancellationToken);

                // Not cancellable: an update the service applied must have its new receipt recorded, or the
                // settle that follows would use a stale one.
                var receipt = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _duration, cancellationToken: CancellationToken.None);
                _popReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the invocation is over.
        }
        catch (Azure.RequestFailedException)
        {
            // The lease is lost; settling will fail and say so, and the message reappears for another attempt.
        }
    }
}
