using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace IkmaWorkflow.FunctionApp.Functions.Clock;

/// <summary>
/// The app's clock in demos and end-to-end tests: real time plus an offset that only moves forwards. The offset is
/// kept in a blob, so every process of the app (several hosts on one task hub, a restarted one) reads the same time:
/// a move is written before it is answered, and each process re-reads the blob every <see cref="RefreshInterval"/>.
/// </summary>
/// <remarks>
/// Durable Task timers and <c>TaskOrchestrationContext.CurrentUtcDateTime</c> run on real time whatever this clock
/// says; the app keeps business deadlines as data and checks them against this clock (docs/time-and-deadlines.md).
/// </remarks>
public sealed partial class DemoClock : TimeProvider
{
    /// <summary>How often a process re-reads the shared offset.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly BlobClient? _blob;
    private readonly TimeProvider _real;
    private TimeSpan _offset;

    /// <summary>A clock at <paramref name="startUtc"/> now, shared through <paramref name="blob"/> when one is given.</summary>
    public DemoClock(DateTimeOffset startUtc, BlobClient? blob = null, TimeProvider? real = null)
    {
        _real = real ?? System;
        _blob = blob;
        _offset = startUtc - _real.GetUtcNow();
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _real.GetUtcNow() + _offset;
        }
    }

    /// <summary>Sets this process's clock to <paramref name="utcNow"/>, forwards or back, without sharing it: for tests in one process.</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        lock (_lock)
        {
            _offset = utcNow - _real.GetUtcNow();
        }
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/> for every process; false (and the time before) when the target
    /// lies in the clock's past.
    /// </summary>
    public async Task<(bool Moved, DateTimeOffset Before)> AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan offset;
        DateTimeOffset before;
        lock (_lock)
        {
            before = _real.GetUtcNow() + _offset;
            if (target < before)
            {
                return (false, before);
            }

            offset = target - _real.GetUtcNow();
            _offset = offset;
        }

        if (_blob is not null)
        {
            await _blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await _blob.UploadAsync(BinaryData.FromObjectAsJson(new SharedOffset(offset.Ticks), JsonSerializerOptions.Web), overwrite: true, cancellationToken).ConfigureAwait(false);
        }

        return (true, before);
    }

    /// <summary>Takes over the shared offset when it is ahead of this process's (the clock never goes back).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_blob is null)
        {
            return;
        }

        SharedOffset? shared;
        try
        {
            var content = await _blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            shared = content.Value.Content.ToObjectFromJson<SharedOffset>(JsonSerializerOptions.Web);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound || ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return;
        }

        if (shared is null)
        {
            return;
        }

        lock (_lock)
        {
            var offset = TimeSpan.FromTicks(shared.OffsetTicks);
            if (offset > _offset)
            {
                _offset = offset;
            }
        }
    }

    private sealed record SharedOffset(long OffsetTicks);
}
