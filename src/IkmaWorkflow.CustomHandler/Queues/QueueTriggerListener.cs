using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Standalone;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.CustomHandler.Queues;

/// <summary>
/// Drives one queue-triggered function in standalone mode with the host's semantics: batches of
/// <c>batchSize</c> processed in parallel, a new batch when <c>newBatchThreshold</c> or fewer are in flight,
/// polling that backs off to <c>maxPollingInterval</c> when idle, retries after <c>visibilityTimeout</c>, and the
/// poison queue <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> attempts.
/// </summary>
/// <remarks>
/// A message stays invisible while its invocation runs (renewed at half of <see cref="StandaloneOptions.QueueMessageLease"/>),
/// so a crashed process loses nothing: the message reappears when the lease lapses. On shutdown in-flight
/// invocations get <see cref="StandaloneOptions.ShutdownTimeout"/> to finish; those still running are cancelled
/// and their messages made visible again at once.
/// </remarks>
internal sealed partial class QueueTriggerListener : IDisposable
{
    private readonly FunctionMetadata _function;
    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly QueueTriggerSettings _settings;
    private readonly StandaloneOptions _options;
    private readonly FunctionInvoker _invoker;
    private readonly QueueWakeups _wakeups;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly object _inFlightLock = new();
    private readonly HashSet<Task> _inFlight = [];
    private readonly SemaphoreSlim _slotFreed = new(0, int.MaxValue);

    public QueueTriggerListener(
        FunctionMetadata function,
        QueueServiceClient service,
        QueueTriggerSettings settings,
        StandaloneOptions options,
        FunctionInvoker invoker,
        QueueWakeups wakeups,
        TimeProvider time,
        ILogger logger)
    {
        _function = function;
        QueueName = function.Trigger.GetString("queueName")
            ?? throw new FunctionAppConfigurationException(function.FilePath, "the queueTrigger binding needs a 'queueName'.");
        _queue = service.GetQueueClient(QueueName);
        _poisonQueue = service.GetQueueClient(QueueName + "-poison");
        _settings = settings;
        _options = options;
        _invoker = invoker;
        _wakeups = wakeups;
        _time = time;
        _logger = logger;
    }

    /// <summary>The queue this listener reads.</summary>
    public string QueueName { get; }

    /// <summary>Polls until <paramref name="stopping"/> fires, then lets in-flight invocations finish or releases their messages.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
        LogListening(_logger, _function.Name, QueueName);
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
                    LogPollFailed(_logger, ex, _function.Name, QueueName);
                    messages = [];
                }

                if (messages.Length == 0)
                {
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

    /// <inheritdoc/>
    public void Dispose()
    {
        _abort.Dispose();
        _slotFreed.Dispose();
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

    private async Task DrainAsync()
    {
        Task[] running;
        lock (_inFlightLock)
        {
            running = [.. _inFlight];
        }

        if (running.Length > 0)
        {
            LogDraining(_logger, _function.Name, running.Length, _options.ShutdownTimeout);
            var all = Task.WhenAll(running);
            if (await Task.WhenAny(all, Task.Delay(_options.ShutdownTimeout, _time)) != all)
            {
                await _abort.CancelAsync();
            }

            await all;
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        await Task.Yield();
        using var lease = new MessageLease(_queue, message, _options.QueueMessageLease, _time);
        string? text = null;
        InvocationOutcome? outcome = null;
        try
        {
            text = Decode(message.MessageText);
            if (text is null)
            {
                LogUndecodable(_logger, _function.Name, message.MessageId, QueueName);
            }
            else
            {
                var request = InvocationRequests.ForQueueMessage(
                    _function, text, message.MessageId, message.PopReceipt, message.DequeueCount,
                    message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, _time.GetUtcNow());
                outcome = await _invoker.InvokeAsync(_function, request, Guid.NewGuid().ToString(), _abort.Token);
            }
        }
        finally
        {
            await lease.StopRenewingAsync();
        }

        try
        {
            if (outcome is { Succeeded: true })
            {
                await lease.DeleteAsync();
            }
            else if (_abort.IsCancellationRequested)
            {
                // Cancelled by shutdown, not failed by the function: hand the message straight back.
                await lease.ReleaseAsync(TimeSpan.Zero);
                LogReleased(_logger, _function.Name, message.MessageId);
            }
            else if (message.DequeueCount >= _settings.MaxDequeueCount)
            {
                await _poisonQueue.CreateIfNotExistsAsync();
                await _poisonQueue.SendMessageAsync(message.MessageText, timeToLive: TimeSpan.FromSeconds(-1));
                await lease.DeleteAsync();
                LogPoisoned(_logger, _function.Name, message.MessageId, message.DequeueCount, _poisonQueue.Name);
            }
            else
            {
                await lease.ReleaseAsync(_settings.VisibilityTimeout);
            }
        }
        catch (RequestFailedException ex)
        {
            // The message's lease was lost (another receiver has it now, or it was deleted): nothing to settle.
            LogSettleFailed(_logger, ex, _function.Name, message.MessageId);
        }
    }

    private string? Decode(string raw)
    {
        if (!_settings.Base64Encoding)
        {
            return raw;
        }

        var buffer = new byte[raw.Length];
        return Convert.TryFromBase64String(raw, buffer, out var length) ? Encoding.UTF8.GetString(buffer, 0, length) : null;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Function {FunctionName} listens on queue {QueueName}")]
    private static partial void LogListening(ILogger logger, string functionName, string queueName);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Function {FunctionName} could not poll queue {QueueName}; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string functionName, string queueName);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} on {QueueName} is not valid base64 (host.json messageEncoding); counted as a failed attempt")]
    private static partial void LogUndecodable(ILogger logger, string functionName, string messageId, string queueName);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} failed {DequeueCount} times and moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string functionName, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Function {FunctionName}: waiting up to {Timeout} for {Count} in-flight invocations before shutdown")]
    private static partial void LogDraining(ILogger logger, string functionName, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Function {FunctionName}: shutdown cancelled message {MessageId}; it is visible again")]
    private static partial void LogReleased(ILogger logger, string functionName, string messageId);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Function {FunctionName}: could not settle message {MessageId}; it will reappear when its lease lapses")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string functionName, string messageId);
}
