using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Queues;

/// <summary>
/// Drives one queue-triggered function with the host's semantics: batches of <c>batchSize</c> processed in
/// parallel, a new batch when <c>newBatchThreshold</c> or fewer are in flight, polling that backs off to
/// <c>maxPollingInterval</c> when idle, retries after <c>visibilityTimeout</c>, and the poison queue
/// <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> attempts.
/// </summary>
/// <remarks>
/// A message stays invisible while its invocation runs (renewed at half of <see cref="StandaloneOptions.QueueMessageLease"/>),
/// so a crashed process loses nothing: the message reappears when the lease lapses. On shutdown in-flight
/// invocations get <see cref="StandaloneOptions.ShutdownTimeout"/> to finish; those still running are cancelled
/// and their messages made visible again at once.
/// </remarks>
internal sealed class QueueTriggerListener : IDisposable
{
    private readonly QueueFunction _function;
    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly QueueTriggerSettings _settings;
    private readonly StandaloneOptions _options;
    private readonly FunctionInvoker _invoker;
    private readonly InvocationCancellation _cancellation;
    private readonly QueueWakeups _wakeups;
    private readonly ILogger _logger;
    private readonly Lock _inFlightLock = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly SemaphoreSlim _slotFreed = new(0, int.MaxValue);

    public QueueTriggerListener(
        QueueFunction function,
        QueueServiceClient service,
        QueueTriggerSettings settings,
        StandaloneOptions options,
        FunctionInvoker invoker,
        InvocationCancellation cancellation,
        QueueWakeups wakeups,
        ILogger logger)
    {
        _function = function;
        _queue = service.GetQueueClient(function.QueueName);
        _poisonQueue = service.GetQueueClient(function.PoisonQueueName);
        _settings = settings;
        _options = options;
        _invoker = invoker;
        _cancellation = cancellation;
        _wakeups = wakeups;
        _logger = logger;
    }

    private string Name => _function.Method.Name;

    private string QueueName => _function.QueueName;

    /// <summary>Polls until <paramref name="stopping"/> fires, then lets in-flight invocations finish or releases their messages.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
        StandaloneLog.QueueListening(_logger, Name, QueueName);
        var delay = _options.QueueMinPollingInterval;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                // The host fetches the next batch only once in-flight work drops to the threshold.
                while (InFlightCount > _settings.NewBatchThreshold)
                {
                    await _slotFreed.WaitAsync(stopping);
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await _queue.ReceiveMessagesAsync(_settings.BatchSize, _options.QueueMessageLease, stopping)).Value;
                }
                catch (RequestFailedException ex) when (!stopping.IsCancellationRequested)
                {
                    StandaloneLog.QueuePollFailed(_logger, ex, Name, QueueName);
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    StandaloneLog.QueueIdle(_logger, Name, QueueName, delay);
                    await _wakeups.WaitAsync(QueueName, delay, stopping);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = _options.QueueMinPollingInterval;
                var taken = new Task[messages.Length];
                for (var i = 0; i < messages.Length; i++)
                {
                    taken[i] = ProcessAsync(messages[i]);
                    Track(taken[i]);
                }

                if (messages.Length < _settings.BatchSize)
                {
                    await WaitBeforeNextPollAsync(taken, delay, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown: fall through to drain.
        }

        await DrainAsync();
    }

    /// <inheritdoc/>
    public void Dispose() => _slotFreed.Dispose();

    // The queue had less than a batch, so polling again at once would most likely find it empty. The next poll comes
    // when the work just taken is done (more may have arrived meanwhile), after the shortest polling interval, or
    // when this process writes to the queue, whichever is first.
    private async Task WaitBeforeNextPollAsync(Task[] taken, TimeSpan delay, CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var wakeup = _wakeups.WaitAsync(QueueName, delay, stop.Token);
        await Task.WhenAny(Task.WhenAll(taken), wakeup);
        await stop.CancelAsync();
        try
        {
            await wakeup;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The work finished first; the wait for a wake-up is withdrawn, so it takes no signal away.
        }
    }

    private int InFlightCount
    {
        get
        {
            lock (_inFlightLock)
            {
                return _inFlight.Count;
            }
        }
    }

    private void Track(Task task)
    {
        lock (_inFlightLock)
        {
            _inFlight.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_inFlightLock)
                {
                    _inFlight.Remove(t);
                }

                _slotFreed.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    // In-flight invocations run on with the shared invocation token, which fires when the grace period is over.
    private async Task DrainAsync()
    {
        Task[] running;
        lock (_inFlightLock)
        {
            running = [.. _inFlight];
        }

        if (running.Length > 0)
        {
            StandaloneLog.QueueDraining(_logger, Name, running.Length, _options.ShutdownTimeout);
            await Task.WhenAll(running);
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        await Task.Yield();
        // Real time, whatever the app's clock shows: the storage service ends the invisibility in real time.
        using var lease = new MessageLease(_queue, message, _options.QueueMessageLease, TimeProvider.System);
        var outcome = InvocationOutcome.Failed;
        try
        {
            if (Decode(message) is { } decoded)
            {
                outcome = await _invoker.InvokeAsync(_function.Method, decoded, _cancellation.Token);
            }
            else
            {
                StandaloneLog.QueueMessageUndecodable(_logger, Name, message.MessageId, QueueName);
            }
        }
        finally
        {
            await lease.StopRenewingAsync();
        }

        try
        {
            if (outcome == InvocationOutcome.Succeeded)
            {
                await lease.DeleteAsync();
            }
            else if (outcome == InvocationOutcome.Cancelled || _cancellation.Token.IsCancellationRequested)
            {
                // Cancelled by shutdown, not failed by the function: hand the message straight back.
                await lease.ReleaseAsync(TimeSpan.Zero);
                StandaloneLog.QueueMessageReleased(_logger, Name, message.MessageId);
            }
            else if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                await _poisonQueue.CreateIfNotExistsAsync();
                await _poisonQueue.SendMessageAsync(message.MessageText, timeToLive: TimeSpan.FromSeconds(-1));
                await lease.DeleteAsync();
                StandaloneLog.QueueMessagePoisoned(_logger, Name, message.MessageId, message.DequeueCount, _poisonQueue.Name);
            }
            else
            {
                await lease.ReleaseAsync(_settings.VisibilityTimeout);
            }
        }
        catch (RequestFailedException ex)
        {
            // The message's lease was lost (another receiver has it now, or it was deleted): nothing to settle.
            StandaloneLog.QueueSettleFailed(_logger, ex, Name, message.MessageId);
        }
    }

    // The function sees the message as the host hands it over: the body decoded from messageEncoding, the rest as
    // received. Null when the body is not valid base64.
    private QueueMessage? Decode(QueueMessage message)
    {
        var raw = message.MessageText;
        byte[] body;
        if (_settings.Base64Encoding)
        {
            body = new byte[raw.Length];
            if (!Convert.TryFromBase64String(raw, body, out var length))
            {
                return null;
            }

            Array.Resize(ref body, length);
        }
        else
        {
            body = Encoding.UTF8.GetBytes(raw);
        }

        return QueuesModelFactory.QueueMessage(
            message.MessageId, message.PopReceipt, BinaryData.FromBytes(body), message.DequeueCount,
            message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
    }
}
