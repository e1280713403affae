using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// The durable email outbox. <see cref="EnqueueAsync(EmailContent, IReadOnlyList{EmailRecipient}, string, CancellationToken)"/>
/// stores an email once per event (its dedupe key) and wakes the <c>SendEmail</c> queue function, which hands it to
/// <see cref="EmailSender"/>. Emails are never deleted: the listing shows every one with its status, Failed ones included.
/// An email's recipients, subject, text and HTML are stored sealed with the personal-data key
/// (<see cref="PersonalDataCipher"/>) and opened when it is sent or listed; rows stored in clear before that are read
/// as they are, and sealed by the nightly resealing (<see cref="PersonalDataResealer"/>).
/// </summary>
/// <remarks>
/// Storing and waking are two writes. If the wake-up message is lost (a crash between them), the caller's retry of the
/// same enqueue finds the email still Pending and wakes it again; extra wake-ups are harmless because the sender
/// claims an email with an ETag-guarded update before sending it.
/// </remarks>
public sealed class EmailOutbox
{
    /// <summary>The longest dedupe key accepted (it travels to SendGrid as a custom argument).</summary>
    public const int MaxDedupeKeyLength = 400;

    /// <summary>
    /// The longest subject, text or HTML part accepted: a table property holds 32K characters, and a part is stored
    /// sealed (base64, a third longer than its UTF-8 bytes).
    /// </summary>
    public const int MaxPartLength = 22_000;

    // The longest value a string property of a table row holds.
    private const int MaxStoredLength = 32_000;

    /// <summary>The most recipients of one email.</summary>
    public const int MaxRecipients = 100;

    private readonly TableClient _table;
    private readonly QueueMessageWriter _queue;
    private readonly TimeProvider _time;
    private readonly PersonalDataCipher _personalData;
    private volatile bool _tableReady;

    /// <summary>Creates the outbox on the app's storage account.</summary>
    /// <param name="tables">The table service.</param>
    /// <param name="queue">Writes wake-up messages for <c>SendEmail</c>.</param>
    /// <param name="time">The clock.</param>
    /// <param name="personalData">Seals the recipients and parts of each email before they are stored, and opens them.</param>
    /// <param name="names">The table, queue and container; <see cref="EmailStorageNames.Default"/> when null.</param>
    public EmailOutbox(TableServiceClient tables, QueueMessageWriter queue, TimeProvider time, PersonalDataCipher personalData, EmailStorageNames? names = null)
    {
        _personalData = personalData ?? throw new ArgumentNullException(nameof(personalData));
        ArgumentNullException.ThrowIfNull(tables);
        Names = names ?? EmailStorageNames.Default;
        _table = tables.GetTableClient(Names.TableName);
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The table, queue and container the outbox uses.</summary>
    public EmailStorageNames Names { get; }

    /// <summary>Renders <paramref name="notification"/> and enqueues it; see <see cref="EnqueueAsync(EmailContent, IReadOnlyList{EmailRecipient}, string, CancellationToken)"/>.</summary>
    public Task<EnqueueResult> EnqueueAsync(Notification notification, IReadOnlyList<EmailRecipient> recipients, string dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return EnqueueAsync(notification.Render(), recipients, dedupeKey, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="email"/> for <paramref name="recipients"/> unless an email with <paramref name="dedupeKey"/>
    /// is already stored, and wakes the sender. Calling it again with the same key stores nothing and never makes a
    /// second email; it only wakes the sender again while the stored email is still pending.
    /// </summary>
    /// <param name="email">The rendered email.</param>
    /// <param name="recipients">Who it goes to: 1 to 100 recipients.</param>
    /// <param name="dedupeKey">Names the event, such as <c>programme/42/stage/certification</c>: 1 to 400 characters.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="ArgumentException">An argument is empty, too long or too large for the outbox.</exception>
    public async Task<EnqueueResult> EnqueueAsync(EmailContent email, IReadOnlyList<EmailRecipient> recipients, string dedupeKey, CancellationToken cancellationToken)
    {
        Validate(email, recipients, dedupeKey);
        await EnsureTableAsync(cancellationToken);

        var hash = OutboxEntity.Hash(dedupeKey);
        var now = _time.GetUtcNow();
        var id = OutboxEntity.NewId(now, hash);
        var row = new OutboxEntity
        {
            RowKey = OutboxEntity.EmailPrefix + id,
            Id = id,
            DedupeKey = dedupeKey,
            Kind = email.Kind,
            Recipients = _personalData.SealText(JsonSerializer.Serialize(recipients, JsonSerializerOptions.Web)),
            Subject = _personalData.SealText(email.Subject),
            Text = _personalData.Seal(email.Text),
            Html = _personalData.Seal(email.Html),
            CreatedAt = now,
            State = EmailStatus.Pending,
        };
        foreach (var (name, stored) in new[] { ("recipients", row.Recipients), ("subject", row.Subject), ("text", row.Text), ("HTML", row.Html) })
        {
            if (stored!.Length > MaxStoredLength)
            {
                throw new ArgumentException($"The email's {name} is too large for the outbox once sealed: {stored.Length} characters, at most {MaxStoredLength}.", nameof(email));
            }
        }

        var key = new OutboxEntity { RowKey = OutboxEntity.KeyPrefix + hash, Id = id, DedupeKey = dedupeKey, CreatedAt = now };

        try
        {
            await _table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, key), new TableTransactionAction(TableTransactionActionType.Add, row)],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            var stored = await _table.GetEntityAsync<OutboxEntity>(OutboxEntity.Partition, key.RowKey, [nameof(OutboxEntity.Id)], cancellationToken);
            var existing = await ReadAsync(stored.Value.Id, cancellationToken)
                ?? throw new InvalidOperationException($"The outbox key row for '{dedupeKey}' names email {stored.Value.Id}, which does not exist.");
            if (existing.State is EmailStatus.Pending or EmailStatus.Sending)
            {
                await WakeAsync(existing.Id, null, cancellationToken);
            }

            return new EnqueueResult(existing.Id, false, existing.State);
        }

        await WakeAsync(id, null, cancellationToken);
        return new EnqueueResult(id, true, EmailStatus.Pending);
    }

    /// <summary>The email with outbox id <paramref name="id"/>, parts included; <see langword="null"/> when there is none.</summary>
    public async Task<OutboxEmail?> GetAsync(string id, CancellationToken cancellationToken) =>
        await ReadAsync(id, cancellationToken) is { } row ? Open(row) : null;

    /// <summary>One page of the outbox, newest first, without the emails' text and HTML parts.</summary>
    /// <param name="pageSize">Emails per page, 1 to 1000.</param>
    /// <param name="continuationToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="RequestFailedException">Storage failed, or refused the continuation token (status 400).</exception>
    public async Task<OutboxPage> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OutboxEntity.Partition} and RowKey ge {OutboxEntity.EmailPrefix} and RowKey lt {"email."}");
        try
        {
            await foreach (var page in _table.QueryAsync<OutboxEntity>(filter, pageSize, OutboxEntity.SummaryColumns, cancellationToken).AsPages(continuationToken, pageSize))
            {
                return new OutboxPage([.. page.Values.Select(Open)], page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            // Nothing was ever enqueued.
        }

        return new OutboxPage([], null);
    }

    /// <summary>The email a stored row holds, its recipients and parts opened (a row stored in clear is read as it is).</summary>
    /// <exception cref="PersonalDataKeyException">The row is sealed with a key that is not configured, or does not open with it.</exception>
    internal OutboxEmail Open(OutboxEntity row) => row.ToEmail(_personalData);

    /// <summary>The rows whose recipients or text are held in clear or under the previous key (rows being sent are left for the next run).</summary>
    internal async Task<List<OutboxEntity>> RowsToResealAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OutboxEntity.Partition} and RowKey ge {OutboxEntity.EmailPrefix} and RowKey lt {"email."}");
        var rows = new List<OutboxEntity>();
        try
        {
            await foreach (var row in _table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
            {
                if (row.State != EmailStatus.Sending && new[] { row.Recipients, row.Subject, row.Text, row.Html }.Any(NeedsSealing))
                {
                    rows.Add(row);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            // Nothing was ever enqueued.
        }

        return rows;
    }

    /// <summary>Seals the rows found by <see cref="RowsToResealAsync"/> with the current key; answers how many were rewritten.</summary>
    /// <remarks>Each row is replaced under the ETag it was read with: one claimed or changed since is left for the next run.</remarks>
    internal async Task<int> ResealAsync(IEnumerable<OutboxEntity> rows, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        foreach (var row in rows)
        {
            row.Recipients = _personalData.SealText(_personalData.OpenText(row.Recipients));
            row.Subject = _personalData.SealText(_personalData.OpenText(row.Subject));
            row.Text = _personalData.Seal(_personalData.Open(row.Text));
            row.Html = _personalData.Seal(_personalData.Open(row.Html));
            try
            {
                await UpdateAsync(row, cancellationToken);
                rewritten++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Claimed or changed since it was read: the next run looks again.
            }
        }

        return rewritten;
    }

    internal async Task<OutboxEntity?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (!OutboxEntity.IsId(id))
        {
            return null;
        }

        try
        {
            var response = await _table.GetEntityIfExistsAsync<OutboxEntity>(OutboxEntity.Partition, OutboxEntity.EmailPrefix + id, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            return null;
        }
    }

    /// <summary>Replaces the row if nobody changed it since it was read, and takes the new ETag.</summary>
    /// <exception cref="RequestFailedException">Status 412 when someone else changed it.</exception>
    internal async Task UpdateAsync(OutboxEntity row, CancellationToken cancellationToken)
    {
        var response = await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        row.ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage answered an update without an ETag.");
    }

    /// <summary>Puts a wake-up for email <paramref name="id"/> on the queue, visible after <paramref name="delay"/>.</summary>
    internal Task WakeAsync(string id, TimeSpan? delay, CancellationToken cancellationToken) =>
        _queue.SendAsync(Names.QueueName, JsonSerializer.Serialize(new WakeUp(id), JsonSerializerOptions.Web), delay, cancellationToken);

    private bool NeedsSealing(string? stored) => !string.IsNullOrEmpty(stored) && !_personalData.IsSealedWithCurrentKey(stored);

    private static void Validate(EmailContent email, IReadOnlyList<EmailRecipient> recipients, string dedupeKey)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (string.IsNullOrWhiteSpace(dedupeKey) || dedupeKey.Length > MaxDedupeKeyLength || dedupeKey.Any(char.IsControl))
        {
            throw new ArgumentException($"The dedupe key must be 1 to {MaxDedupeKeyLength} characters without control characters.", nameof(dedupeKey));
        }

        if (recipients is null || recipients.Count == 0 || recipients.Count > MaxRecipients || recipients.Any(r => r is null))
        {
            throw new ArgumentException($"An email needs 1 to {MaxRecipients} recipients.", nameof(recipients));
        }

        foreach (var (name, part) in new[] { ("subject", email.Subject), ("text", email.Text), ("HTML", email.Html) })
        {
            if (string.IsNullOrWhiteSpace(part) || part.Length > MaxPartLength)
            {
                throw new ArgumentException($"The email's {name} must be 1 to {MaxPartLength} characters; it has {part?.Length ?? 0}.", nameof(email));
            }
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableReady = true;
        }
    }
}

/// <summary>The <c>SendEmail</c> queue message: which email to look at.</summary>
/// <param name="Id">The email's outbox id.</param>
internal sealed record WakeUp(string Id);
