using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using IkmaWorkflow.DurableTask.History;

namespace IkmaWorkflow.DurableTask.Storage;

/// <summary>An instance as loaded: its state row and the current execution's history.</summary>
/// <param name="State">The state row.</param>
/// <param name="History">The current execution's events, in order.</param>
/// <param name="StaleRowKeys">History rows of earlier executions, to clean up.</param>
internal sealed record InstanceSnapshot(InstanceState State, List<HistoryEvent> History, List<string> StaleRowKeys);

/// <summary>
/// The runtime's storage: one table whose partitions each hold an instance's state row and history rows, two queues
/// and a blob container for payloads too large for a table property or a queue message (compressed).
/// </summary>
internal sealed class DurableStorage : IDisposable
{
    // A table string property holds 32K UTF-16 characters; a queue message 64 KB of base64. Payloads above these
    // thresholds go to blobs and are replaced by a reference that valid JSON can never start with.
    private const int MaxInlinePayloadChars = 30_000;
    private const int MaxInlineMessageChars = 40_000;
    private const int MaxHistoryPropertyBytes = 60_000;
    private const int MaxHistoryProperties = 12;
    private const string BlobReference = "$blob:";

    private readonly DurableTaskOptions _options;
    private readonly TableClient _table;
    private readonly QueueClient _orchestrations;
    private readonly QueueClient _activities;
    private readonly BlobContainerClient _payloads;
    private readonly QueueServiceClient _queueService;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    public DurableStorage(DurableTaskOptions options, TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs)
    {
        _options = options;
        _table = tables.GetTableClient(options.InstancesTable);
        _orchestrations = queues.GetQueueClient(options.OrchestrationQueue);
        _activities = queues.GetQueueClient(options.ActivityQueue);
        _payloads = blobs.GetBlobContainerClient(options.PayloadContainer);
        _queueService = queues;
    }

    /// <inheritdoc/>
    public void Dispose() => _createLock.Dispose();

    /// <summary>Raised after a message was sent, with the queue's name, so a local listener can wake at once.</summary>
    public event Action<string>? MessageSent;

    /// <summary>Creates the table, queues and container when they do not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
                await _orchestrations.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await _activities.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                await _payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }

    /// <summary>Loads an instance, or returns null when it does not exist.</summary>
    public async Task<InstanceSnapshot?> LoadAsync(string instanceId, bool withHistory, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        if (!withHistory)
        {
            // A point read: one transaction like a query, and far cheaper for the service (Azurite scans a whole
            // table for any query).
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceState.RowKey, cancellationToken: cancellationToken);
            return row.HasValue ? new InstanceSnapshot(InstanceState.FromEntity(row.Value!), [], []) : null;
        }

        InstanceState? state = null;
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == InstanceState.RowKey)
            {
                state = InstanceState.FromEntity(entity);
            }
            else
            {
                rows.Add(entity);
            }
        }

        if (state is null)
        {
            return null;
        }

        var history = new List<HistoryEvent>();
        var stale = new List<string>();
        var prefix = HistoryPrefix(state.ExecutionId);
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            if (row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                history.AddRange(await ReadHistoryRowAsync(row, cancellationToken));
            }
            else
            {
                stale.Add(row.RowKey);
            }
        }

        return new InstanceSnapshot(state, history, stale);
    }

    /// <summary>
    /// Loads an instance about to start: the state row alone (a point read) while it records no history rows, the
    /// whole partition otherwise. Rows of earlier executions are then left for a later full load.
    /// </summary>
    public async Task<InstanceSnapshot?> LoadForStartAsync(string instanceId, CancellationToken cancellationToken)
    {
        var snapshot = await LoadAsync(instanceId, withHistory: false, cancellationToken);
        return snapshot is null || snapshot.State.HistoryRows == 0 ? snapshot : await LoadAsync(instanceId, withHistory: true, cancellationToken);
    }

    /// <summary>Creates a new instance's state row.</summary>
    /// <returns>False when an instance with that id already exists.</returns>
    public async Task<bool> TryCreateAsync(InstanceState state, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            var response = await _table.AddEntityAsync(await OffloadAsync(state, cancellationToken), cancellationToken);
            state.ETag = response.Headers.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Commits an episode: the state row (ETag-guarded) and, when there are new events, one more history row, in one
    /// transaction. Returns false when another writer changed the instance first.
    /// </summary>
    public async Task<bool> TryCommitAsync(InstanceState state, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        if (newEvents.Count > 0)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, await WriteHistoryRowAsync(state, newEvents, cancellationToken)));
            state.HistoryRows++;
        }

        var entity = await OffloadAsync(state, cancellationToken);
        actions.Insert(0, new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, state.ETag ?? ETag.All));
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            state.ETag = response.Value[0].Headers.ETag;
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 or 404)
        {
            // 412: another writer committed first; 404: the instance was purged meanwhile. Either way the caller
            // reloads and decides again.
            if (newEvents.Count > 0)
            {
                state.HistoryRows--;
            }

            return false;
        }
    }

    /// <summary>Deletes history rows of earlier executions (best effort: a later load finds any left).</summary>
    public async Task DeleteRowsAsync(string instanceId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(100))
        {
            try
            {
                await _table.SubmitTransactionAsync(
                    chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, key), ETag.All)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another process deleted some of them first; a batch fails whole, so delete the rest one by one
                // (a single delete of a missing row succeeds).
                foreach (var key in chunk)
                {
                    await _table.DeleteEntityAsync(instanceId, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <summary>Deletes an instance: its rows and its payload blobs.</summary>
    /// <returns>Whether there was anything to delete.</returns>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var keys = new List<string>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(entity.RowKey);
        }

        await DeleteRowsAsync(instanceId, keys, cancellationToken);
        await foreach (var blob in _payloads.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, BlobPrefix(instanceId), cancellationToken))
        {
            await _payloads.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }

        return keys.Count > 0;
    }

    /// <summary>Lists state rows that match an OData filter, a page at a time.</summary>
    public AsyncPageable<TableEntity> QueryStates(string filter, int pageSize, CancellationToken cancellationToken) =>
        _table.QueryAsync<TableEntity>($"RowKey eq '{InstanceState.RowKey}'" + (filter.Length > 0 ? $" and ({filter})" : string.Empty), maxPerPage: pageSize, cancellationToken: cancellationToken);

    /// <summary>Approximate message counts of the runtime's queues and their poison queues (0 for a queue not created yet).</summary>
    public async Task<IReadOnlyDictionary<string, int>> GetQueueDepthsAsync(CancellationToken cancellationToken)
    {
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in new[] { _options.OrchestrationQueue, _options.ActivityQueue, _options.OrchestrationQueue + "-poison", _options.ActivityQueue + "-poison" })
        {
            try
            {
                depths[name] = (await _queueService.GetQueueClient(name).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
            {
                depths[name] = 0;
            }
        }

        return depths;
    }

    /// <summary>Counts instances by status (a scan of the state rows, reading only their status).</summary>
    public async Task<IReadOnlyDictionary<OrchestrationRuntimeStatus, int>> CountInstancesAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<OrchestrationRuntimeStatus, int>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>($"RowKey eq '{InstanceState.RowKey}'", select: ["Status"], cancellationToken: cancellationToken))
            {
                var status = Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("Status"));
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == Azure.Data.Tables.Models.TableErrorCode.TableNotFound)
        {
            // No instance was ever started on this hub.
        }

        return counts;
    }

    /// <summary>Sends a message to the orchestration queue; one due at once wakes this process's listener unless <paramref name="notify"/> is false.</summary>
    public async Task SendAsync(OrchestrationMessage message, TimeSpan? delay, CancellationToken cancellationToken, bool notify = true) =>
        await SendAsync(_orchestrations, message.InstanceId, JsonSerializer.Serialize(message, JsonPayload.Options), delay, notify, cancellationToken);

    /// <summary>Wakes this process's listener of the orchestration queue, for a message sent with <c>notify: false</c>.</summary>
    public void NotifyOrchestrationMessage() => MessageSent?.Invoke(_orchestrations.Name);

    /// <summary>Sends a guard message, invisible for <paramref name="lease"/>.</summary>
    /// <returns>The message id and pop receipt, to renew or delete it.</returns>
    public async Task<(string MessageId, string PopReceipt)> SendGuardAsync(OrchestrationMessage message, TimeSpan lease, CancellationToken cancellationToken)
    {
        var receipt = await SendAsync(_orchestrations, message.InstanceId, JsonSerializer.Serialize(message, JsonPayload.Options), lease, notify: false, cancellationToken);
        return (receipt.MessageId, receipt.PopReceipt);
    }

    /// <summary>Keeps a guard message invisible for another <paramref name="lease"/>.</summary>
    /// <returns>The new pop receipt, or null when the message was received by someone or deleted meanwhile.</returns>
    public async Task<string?> RenewGuardAsync(string messageId, string popReceipt, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            return (await _orchestrations.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: lease, cancellationToken: cancellationToken)).Value.PopReceipt;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.MessageNotFound || ex.ErrorCode == QueueErrorCode.PopReceiptMismatch)
        {
            return null;
        }
    }

    /// <summary>Deletes a guard message; one already received by someone or deleted is left alone.</summary>
    public async Task DeleteGuardAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await _orchestrations.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.MessageNotFound || ex.ErrorCode == QueueErrorCode.PopReceiptMismatch)
        {
            // Someone received it (it lapsed) and handles it as a recovery; nothing to undo here.
        }
    }

    /// <summary>Sends a message to the activity queue.</summary>
    public async Task SendAsync(ActivityMessage message, CancellationToken cancellationToken) =>
        await SendAsync(_activities, message.InstanceId, JsonSerializer.Serialize(message, JsonPayload.Options), null, notify: true, cancellationToken);

    /// <summary>Reads a message body, fetching it from its blob when it was too large for the queue.</summary>
    public async Task<T> ReadMessageAsync<T>(string text, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<T>(await ResolveAsync(text, cancellationToken) ?? "null", JsonPayload.Options)
        ?? throw new JsonException($"The message is empty: {text}");

    /// <summary>Replaces a payload too large to store inline by a reference to a compressed blob.</summary>
    public async Task<string?> OffloadAsync(string? payload, string instanceId, CancellationToken cancellationToken)
    {
        if (payload is null || payload.Length <= MaxInlinePayloadChars)
        {
            return payload;
        }

        var name = $"{BlobPrefix(instanceId)}{Guid.NewGuid():N}.json.gz";
        await _payloads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Compress(Encoding.UTF8.GetBytes(payload))), cancellationToken);
        return BlobReference + name;
    }

    /// <summary>Returns a payload as stored inline, or fetched from its blob.</summary>
    public async Task<string?> ResolveAsync(string? value, CancellationToken cancellationToken)
    {
        if (value is null || !value.StartsWith(BlobReference, StringComparison.Ordinal))
        {
            return value;
        }

        var content = await _payloads.GetBlobClient(value[BlobReference.Length..]).DownloadContentAsync(cancellationToken);
        return Encoding.UTF8.GetString(Decompress(content.Value.Content.ToArray()));
    }

    private async Task<SendReceipt> SendAsync(QueueClient queue, string instanceId, string body, TimeSpan? delay, bool notify, CancellationToken cancellationToken)
    {
        if (body.Length > MaxInlineMessageChars)
        {
            body = (await OffloadAsync(body, instanceId, cancellationToken))!;
        }

        var text = _options.Base64Messages ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body;
        var receipt = await queue.SendMessageAsync(text, delay is { } d && d > TimeSpan.Zero ? d : null, TimeSpan.FromSeconds(-1), cancellationToken);
        if (notify && (delay is null || delay <= TimeSpan.Zero))
        {
            MessageSent?.Invoke(queue.Name);
        }

        return receipt.Value;
    }

    private async Task<TableEntity> OffloadAsync(InstanceState state, CancellationToken cancellationToken)
    {
        var entity = state.ToEntity();
        foreach (var key in new[] { "Input", "Output", "CustomStatus", "Failure", "CarriedEvents" })
        {
            entity[key] = await OffloadAsync(entity.GetString(key), state.InstanceId, cancellationToken);
        }

        return entity;
    }

    private async Task<TableEntity> WriteHistoryRowAsync(InstanceState state, IReadOnlyList<HistoryEvent> events, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.InstanceId, $"{HistoryPrefix(state.ExecutionId)}{state.HistoryRows:D6}");
        var bytes = Compress(JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<HistoryEvent>>(events, JsonPayload.Options));
        if (bytes.Length > MaxHistoryPropertyBytes * MaxHistoryProperties)
        {
            var name = $"{BlobPrefix(state.InstanceId)}history-{Guid.NewGuid():N}.json.gz";
            await _payloads.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), cancellationToken);
            entity["Blob"] = name;
            return entity;
        }

        var part = 0;
        for (var offset = 0; offset < bytes.Length; offset += MaxHistoryPropertyBytes, part++)
        {
            entity[$"Events{part}"] = bytes.AsSpan(offset, Math.Min(MaxHistoryPropertyBytes, bytes.Length - offset)).ToArray();
        }

        return entity;
    }

    private async Task<IEnumerable<HistoryEvent>> ReadHistoryRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (row.GetString("Blob") is { } blob)
        {
            bytes = (await _payloads.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            for (var part = 0; row.GetBinary($"Events{part}") is { } chunk; part++)
            {
                buffer.Write(chunk);
            }

            bytes = buffer.ToArray();
        }

        return JsonSerializer.Deserialize<List<HistoryEvent>>(Decompress(bytes), JsonPayload.Options) ?? [];
    }

    private static string HistoryPrefix(string executionId) => $"h-{executionId}-";

    private static string BlobPrefix(string instanceId) => $"{Uri.EscapeDataString(instanceId)}/";

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
