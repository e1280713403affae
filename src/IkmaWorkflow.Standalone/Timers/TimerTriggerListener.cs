using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Timers;

/// <summary>
/// Drives one timer-triggered function with the host's semantics. Of all running instances only the one holding a
/// blob lease on the function's listener lock runs the schedule, so each occurrence runs once. With the schedule
/// monitor on the last and next occurrences are kept in a status blob, and an occurrence missed while no instance ran
/// is invoked once, past due, when an instance takes the lock.
/// </summary>
/// <remarks>
/// The blobs are where the host keeps its own (container <c>azure-webjobs-hosts</c>, <c>locks/{hostId}/…</c> and
/// <c>timers/{hostId}/…</c>). Status writes are ETag-guarded: an instance that lost its lock without noticing cannot
/// overwrite the new holder's status, and stops. Time is the app's <see cref="TimeProvider"/>, looked at again at
/// least every <see cref="StandaloneOptions.TimerClockCheckInterval"/>, so a clock that jumps is followed.
/// </remarks>
internal sealed class TimerTriggerListener
{
    private const string ContainerName = "azure-webjobs-hosts";

    private readonly TimerFunction _function;
    private readonly BlobContainerClient _container;
    private readonly BlobClient _lockBlob;
    private readonly BlobClient _statusBlob;
    private readonly StandaloneOptions _options;
    private readonly FunctionInvoker _invoker;
    private readonly InvocationCancellation _cancellation;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _startupRunDone;

    public TimerTriggerListener(
        TimerFunction function,
        BlobServiceClient blobs,
        string hostId,
        StandaloneOptions options,
        FunctionInvoker invoker,
        InvocationCancellation cancellation,
        TimeProvider time,
        ILogger logger)
    {
        _function = function;
        _container = blobs.GetBlobContainerClient(ContainerName);
        _lockBlob = _container.GetBlobClient($"locks/{hostId}/Host.Functions.{function.Method.Name}.Listener");
        _statusBlob = _container.GetBlobClient($"timers/{hostId}/Host.Functions.{function.Method.Name}/status");
        _options = options;
        _invoker = invoker;
        _cancellation = cancellation;
        _time = time;
        _logger = logger;
    }

    private string Name => _function.Method.Name;

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
                    await Task.Delay(_options.TimerLockRetryInterval, TimeProvider.System, stopping);
                    continue;
                }

                StandaloneLog.TimerLockTaken(_logger, Name, _function.Schedule.Text);
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
                    StandaloneLog.TimerStatusConflict(_logger, Name);
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
        var schedule = _function.Schedule;
        var (status, etag) = _function.UseMonitor ? await ReadStatusAsync(cancellationToken) : (null, default(ETag?));
        var now = _time.GetUtcNow();
        if (status is not null && status.Next <= now)
        {
            StandaloneLog.TimerPastDue(_logger, Name, status.Next);
            await InvokeAsync(status, isPastDue: true, cancellationToken);
            etag = await WriteStatusAsync(new TimerScheduleStatus(status.Next, schedule.NextAfter(_time.GetUtcNow()), _time.GetUtcNow()), etag, CancellationToken.None);
        }
        else if (_function.UseMonitor && status is null)
        {
            status = new TimerScheduleStatus(DateTimeOffset.MinValue, schedule.NextAfter(now), now);
            etag = await WriteStatusAsync(status, etag, cancellationToken);
        }

        if (_function.RunOnStartup && !_startupRunDone)
        {
            _startupRunDone = true;
            await InvokeAsync(status, isPastDue: false, cancellationToken);
        }

        var last = status?.Last ?? DateTimeOffset.MinValue;
        while (true)
        {
            var due = schedule.NextAfter(_time.GetUtcNow());
            StandaloneLog.TimerNextOccurrence(_logger, Name, due);

            // Sleep in slices, so a clock that jumps (the demo clock, a resumed VM) is noticed within one slice
            // instead of after the whole wait computed from the old time.
            for (var wait = due - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - _time.GetUtcNow())
            {
                await Task.Delay(wait < _options.TimerClockCheckInterval ? wait : _options.TimerClockCheckInterval, _time, cancellationToken);
            }

            var occurrence = new TimerScheduleStatus(last, due, _time.GetUtcNow());
            await InvokeAsync(_function.UseMonitor ? occurrence : null, isPastDue: false, cancellationToken);
            last = due;
            if (_function.UseMonitor)
            {
                // Recorded even when shutdown began during the invocation, so the occurrence is not run twice.
                etag = await WriteStatusAsync(new TimerScheduleStatus(due, schedule.NextAfter(due), _time.GetUtcNow()), etag, CancellationToken.None);
            }
        }
    }

    private async Task InvokeAsync(TimerScheduleStatus? status, bool isPastDue, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timer = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = status is null ? null : new ScheduleStatus
            {
                Last = status.Last.UtcDateTime,
                Next = status.Next.UtcDateTime,
                LastUpdated = status.LastUpdated.UtcDateTime,
            },
        };

        // A timer invocation is not retried, as under the host: a failure is logged by the invoker and the schedule
        // moves on. It may run past a shutdown request for the grace period, like a queue invocation.
        _ = await _invoker.InvokeAsync(_function.Method, timer, _cancellation.Token);
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
            StandaloneLog.TimerStatusUnreadable(_logger, ex, Name);
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
                // Real time, whatever the app's clock shows: the storage service expires the lease in real time.
                await Task.Delay(_options.TimerLockPeriod / 3, TimeProvider.System, cancellationToken);
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released on purpose.
        }
        catch (RequestFailedException ex)
        {
            StandaloneLog.TimerLockLost(_logger, ex, Name);
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
}
