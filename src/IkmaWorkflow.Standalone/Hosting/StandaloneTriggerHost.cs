using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Queues;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Hosting;

/// <summary>Runs the queue and timer triggers of every enabled function, each as a listener restarted if it fails.</summary>
internal sealed class StandaloneTriggerHost : IHostedService, IDisposable
{
    private readonly TriggeredFunctions _functions;
    private readonly FunctionHostSettings _settings;
    private readonly HostSettings _host;
    private readonly StandaloneOptions _options;
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly FunctionInvoker _invoker;
    private readonly InvocationCancellation _cancellation;
    private readonly QueueWakeups _wakeups;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<QueueTriggerListener> _queueListeners = [];
    private readonly List<Task> _running = [];

    public StandaloneTriggerHost(
        TriggeredFunctions functions,
        FunctionHostSettings settings,
        HostSettings host,
        StandaloneOptions options,
        QueueServiceClient queues,
        BlobServiceClient blobs,
        FunctionInvoker invoker,
        InvocationCancellation cancellation,
        QueueWakeups wakeups,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _functions = functions;
        _settings = settings;
        _host = host;
        _options = options;
        _queues = queues;
        _blobs = blobs;
        _invoker = invoker;
        _cancellation = cancellation;
        _wakeups = wakeups;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<StandaloneTriggerHost>();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _functions.Disabled)
        {
            StandaloneLog.FunctionDisabled(_logger, name);
        }

        foreach (var function in _functions.Queues)
        {
            var listener = new QueueTriggerListener(function, _queues, _host.Queues, _options, _invoker, _cancellation, _wakeups, Logger(function.Method));
            _queueListeners.Add(listener);
            _running.Add(Task.Run(() => KeepRunningAsync(function.Method.Name, listener.RunAsync), CancellationToken.None));
        }

        foreach (var function in _functions.Timers)
        {
            var listener = new TimerTriggerListener(function, _blobs, _settings.HostId, _options, _invoker, _cancellation, _time, Logger(function.Method));
            _running.Add(Task.Run(() => KeepRunningAsync(function.Method.Name, listener.RunAsync), CancellationToken.None));
        }

        StandaloneLog.TriggersStarted(_logger, _functions.Http.Count, _functions.Queues.Count, _functions.Timers.Count);
        return Task.CompletedTask;
    }

    // Listeners stop taking work at once; what is in flight runs on until it ends or the grace period is over
    // (InvocationCancellation), and the host's own shutdown timeout is longer than that.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var listener in _queueListeners)
        {
            listener.Dispose();
        }
    }

    private ILogger Logger(FunctionMethod function) => _loggers.CreateLogger($"Function.{function.Name}");

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
                StandaloneLog.ListenerFailed(_logger, ex, functionName, delay);
            }

            try
            {
                await Task.Delay(delay, TimeProvider.System, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }
}
