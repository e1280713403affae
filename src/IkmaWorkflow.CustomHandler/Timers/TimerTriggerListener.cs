using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Standalone;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.CustomHandler.Timers;

/// <summary>
/// Drives one timer-triggered function in standalone mode with the host's semantics. Of all running instances only
/// the one holding a blob lease on the function's listener lock runs the schedule, so each occurrence runs once.
/// With the schedule monitor on (<c>useMonitor</c>, by default for schedules a minute or more apart) the last and next
/// occurrences are kept in a status blob, and an occurrence missed while no instance ran is invoked once, past due,
/// when an instance takes the lock.
/// </summary>
/// <remarks>
/// The blobs are where the host keeps its own (container <c>azure-webjobs-hosts</c>, <c>locks/{hostId}/…</c> and
/// <c>timers/{hostId}/…</c>). Status writes are ETag-guarded: an instance that lost its lock without noticing cannot
/// overwrite the new holder's status, and stops.
/// </remarks>
internal sealed partial class TimerTriggerListener : IDisposable
{
    private const string ContainerName = "azure-webjobs-hosts";

    private readonly FunctionMetadata _function;
    private readonly TimerSchedule _schedule;
    private readonly bool _useMonitor;
    private readonly bool _runOnStartup;
    private readonly BlobContainerClient _container;
    private readonly BlobClient _lockBlob;
    private readonly BlobClient _statusBlob;
    private readonly StandaloneOptions _options;
    private readonly FunctionInvoker _invoker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private bool _startupRunDone;

    public TimerTriggerListener(
        FunctionMetadata function,
        BlobServiceClient blobs,
        string hostId,
        StandaloneOptions options,
        FunctionInvoker invoker,
        TimeProvider time,
        ILogger logger)
    {
        _function = function;
        _schedule = TimerSchedule.For(function);
        _useMonitor = function.Trigger.GetBoolean("useMonitor", _schedule.MonitorByDefault(time.GetUtcNow()));
        _runOnStartup = function.Trigger.GetBoolean("runOnStartup", false);
        _container = blobs.GetBlobContainerClient(ContainerName);
        _lockBlob = _container.GetBlobClient($"locks/{hostId}/Host.Functions.{function.Name}.Listener");
        _statusBlob = _container.GetBlobClient($"timers/{hostId}/Host.Functions.{function.Name}/status");
        _options = options;
        _invoker = invoker;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs the schedule whenever this instance holds the lock, until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: stopping);
        await EnsureLockBlobAsync(stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var lease = _lockBlob.GetBlobLeaseClient();
                if (!await TryAcquireAsync(lease, stopping))
                {
                    await Task.Delay(_options.TimerLockRetryInterval, _time, stopping);
                    continue;
                }

                LogLockTaken(_logger, _function.Name, _schedule.Text);
                using var holding = CancellationTokenSource.CreateLinkedTokenSource(stopping);

                // Renewal outlives a shutdown request: an invocation still running must keep the lock until it has
                // finished and recorded its occurrence, or another instance would run that occurrence again.
                using var renewal = new CancellationTokenSource();
                var renewing = RenewAsync(lease, holding, renewal.Token);
                try
                {
                    await RunScheduleAsync(holding.Token);
                }
                catch (OperationCanceledException) when (holding.IsCancellationRequested)
                {
                    // Lock lost or shutting down.
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    LogStatusConflict(_logger, _function.Name);
                }
                finally
                {
                    await renewal.CancelAsync();
                    await renewing;
                    await ReleaseAsync(lease);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task RunScheduleAsync(CancellationToken cancellationToken)
    {
        var (status, etag) = _useMonitor ? await ReadStatusAsync(cancellationToken) : (null, default(ETag?));
        var now = _time.GetUtcNow();
        if (status is not null && status.Next <= now)
        {
            LogPastDue(_logger, _function.Name, status.Next);
            await InvokeAsync(status, isPastDue: true, cancellationToken);
            etag = await WriteStatusAsync(new TimerScheduleStatus(status.Next, _schedule.NextAfter(_time.GetUtcNow()), _time.GetUtcNow()), etag, CancellationToken.None);
        }
        else if (_useMonitor && status is null)
        {
            status = new TimerScheduleStatus(DateTimeOffset.MinValue, _schedule.NextAfter(now), now);
            etag = await WriteStatusAsync(status, etag, cancellationToken);
        }

        if (_runOnStartup && !_startupRunDone)
        {
            _startupRunDone = true;
            await InvokeAsync(status, isPastDue: false, cancellationToken);
        }

        var last = status?.Last ?? DateTimeOffset.MinValue;
        while (true)
        {
            var due = _schedule.NextAfter(_time.GetUtcNow());

            // Sleep in slices, so a clock that jumps (a resumed VM, a corrected clock) is noticed within one slice
            // instead of after the whole wait computed from the old time.
            for (var wait = due - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - _time.GetUtcNow())
            {
                await Task.Delay(wait < _options.TimerClockCheckInterval ? wait : _options.TimerClockCheckInterval, _time, cancellationToken);
            }

            var occurrence = new TimerScheduleStatus(last, due, _time.GetUtcNow());
            await InvokeAsync(_useMonitor ? occurrence : null, isPastDue: false, cancellationToken);
            last = due;
            if (_useMonitor)
            {
                // Recorded even when shutdown began during the invocation, so the occurrence is not run twice.
                etag = await WriteStatusAsync(new TimerScheduleStatus(due, _schedule.NextAfter(due), _time.GetUtcNow()), etag, CancellationToken.None);
            }
        }
    }

    private async Task InvokeAsync(TimerScheduleStatus? status, bool isPastDue, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timer = new TimerInfo(new TimerScheduleInfo(AdjustForDST: true), status, isPastDue);
        var request = InvocationRequests.ForTimer(_function, timer, _time.GetUtcNow());

        // A timer invocation is not retried, as under the host: a failure is logged by the invoker and the schedule
        // moves on. It may run past a shutdown request for the grace period, like a queue invocation.
        _ = await _invoker.InvokeAsync(_function, request, Guid.NewGuid().ToString(), _abort.Token);
    }

    private async Task<(TimerScheduleStatus? Status, ETag? ETag)> ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await _statusBlob.DownloadContentAsync(cancellationToken);
            return (content.Value.Content.ToObjectFromJson<TimerScheduleStatus>(), content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (null, null);
        }
        catch (JsonException ex)
        {
            // A damaged status is replaced rather than stopping the timer for good.
            LogStatusUnreadable(_logger, ex, _function.Name);
            var properties = await _statusBlob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return (null, properties.Value.ETag);
        }
    }

    private async Task<ETag> WriteStatusAsync(TimerScheduleStatus status, ETag? etag, CancellationToken cancellationToken)
    {
        var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        var result = await _statusBlob.UploadAsync(BinaryData.FromObjectAsJson(status), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
        return result.Value.ETag;
    }

    private async Task EnsureLockBlobAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance made it first, or holds its lease: either way it exists.
        }
    }

    private async Task<bool> TryAcquireAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            await lease.AcquireAsync(_options.TimerLockPeriod, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.LeaseAlreadyPresent)
        {
            return false;
        }
    }

    private async Task RenewAsync(BlobLeaseClient lease, CancellationTokenSource holding, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.TimerLockPeriod / 3, _time, cancellationToken);
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released on purpose.
        }
        catch (RequestFailedException ex)
        {
            LogLockLost(_logger, ex, _function.Name);
            await holding.CancelAsync();
        }
    }

    private static async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // Already expired or taken over: nothing to release.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _abort.Dispose();

    /// <summary>Gives an invocation still running at shutdown the grace period, then cancels it.</summary>
    internal void CancelInvocationsAfter(TimeSpan grace) => _abort.CancelAfter(grace);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Function {FunctionName} holds the timer lock and runs schedule {Schedule} (UTC)")]
    private static partial void LogLockTaken(ILogger logger, string functionName, string schedule);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Function {FunctionName}: the occurrence due {Due:O} was missed; running it now, past due")]
    private static partial void LogPastDue(ILogger logger, string functionName, DateTimeOffset due);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Function {FunctionName} lost its timer lock")]
    private static partial void LogLockLost(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Function {FunctionName}: another instance changed the schedule status; giving up the lock")]
    private static partial void LogStatusConflict(ILogger logger, string functionName);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Function {FunctionName}: the schedule status blob is unreadable and will be replaced")]
    private static partial void LogStatusUnreadable(ILogger logger, Exception exception, string functionName);
}
