using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.CustomHandler.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.CustomHandler.Standalone;

/// <summary>
/// Runs the queue and timer triggers of every enabled function when no Functions host is present, from the same
/// <c>function.json</c> files the host reads.
/// </summary>
internal sealed partial class StandaloneTriggerHost : IHostedService, IDisposable
{
    private readonly FunctionAppMetadata _app;
    private readonly FunctionHostSettings _settings;
    private readonly StandaloneOptions _options;
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly FunctionInvoker _invoker;
    private readonly QueueWakeups _wakeups;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TimerTriggerListener> _timers = [];
    private readonly List<IDisposable> _listeners = [];
    private readonly List<Task> _running = [];

    public StandaloneTriggerHost(
        FunctionAppMetadata app,
        FunctionHostSettings settings,
        IOptions<StandaloneOptions> options,
        QueueServiceClient queues,
        BlobServiceClient blobs,
        FunctionInvoker invoker,
        QueueWakeups wakeups,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _app = app;
        _settings = settings;
        _options = options.Value;
        _queues = queues;
        _blobs = blobs;
        _invoker = invoker;
        _wakeups = wakeups;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<StandaloneTriggerHost>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var function in _app.Functions)
        {
            if (function.Disabled)
            {
                LogDisabled(_logger, function.Name);
                continue;
            }

            var logger = _loggers.CreateLogger($"Function.{function.Name}");
            if (function.IsTriggeredBy(FunctionMetadata.QueueTrigger))
            {
                var listener = new QueueTriggerListener(function, _queues, _app.Host.Queues, _options, _invoker, _wakeups, _time, logger);
                _listeners.Add(listener);
                _running.Add(Task.Run(() => KeepRunningAsync(function.Name, listener.RunAsync), CancellationToken.None));
            }
            else if (function.IsTriggeredBy(FunctionMetadata.TimerTrigger))
            {
                var listener = new TimerTriggerListener(function, _blobs, _settings.HostId, _options, _invoker, _time, logger);
                _timers.Add(listener);
                _listeners.Add(listener);
                _running.Add(Task.Run(() => KeepRunningAsync(function.Name, listener.RunAsync), CancellationToken.None));
            }
        }

        LogStarted(_logger, _running.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var timer in _timers)
        {
            timer.CancelInvocationsAfter(_options.ShutdownTimeout);
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(_running);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    // A listener that fails (storage unreachable, say) is logged as an error and restarted with a growing delay,
    // so a trigger never silently stops while the app keeps answering HTTP.
    private async Task KeepRunningAsync(string functionName, Func<CancellationToken, Task> run)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await run(_stopping.Token);
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenerFailed(_logger, ex, functionName, delay);
            }

            try
            {
                await Task.Delay(delay, _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Standalone mode: {Count} queue and timer triggers running")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Function {FunctionName} is disabled and will not be triggered")]
    private static partial void LogDisabled(ILogger logger, string functionName);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "The trigger of function {FunctionName} failed; restarting it in {Delay}")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string functionName, TimeSpan delay);
}
