using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// The durable email outbox. <see cref="EnqueueAsync(EmailContent, IReadOnlyList{EmailRecipient}, string, CancellationToken)"/>
/// stores an email once per event (its dedupe key) and wakes the <c>SendEmail</c> queue function, which hands it to
/// <see cref="EmailSender"/>. Emails are never deleted: the listing shows every one with its status, Failed ones included.
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

    /// <summary>The longest subject, text or HTML part accepted: a table property holds 32K characters.</summary>
    public const int MaxPartLength = 30_000;

    /// <summary>The most recipients of one email.</summary>
    public const int MaxRecipients = 100;

    private readonly TableClient _table;
    private readonly QueueMessageWriter _queue;
    private readonly TimeProvider _time;
    private volatile bool _tableReady;

    /// <summary>Creates the outbox on the app's storage account.</summary>
    /// <param name="tables">The table service.</param>
    /// <param name="queue">Writes wake-up messages for <c>SendEmail</c>.</param>
    /// <param name="time">The clock.</param>
    /// <param name="names">The table, queue and container; <see cref="EmailStorageNames.Default"/> when null.</param>
    public EmailOutbox(TableServiceClient tables, QueueMessageWriter queue, TimeProvider time, EmailStorageNames? names = null)
    {
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
            Recipients = JsonSerializer.Serialize(recipients, JsonSerializerOptions.Web),
            Subject = email.Subject,
            Text = email.Text,
            Html = email.Html,
            CreatedAt = now,
            State = EmailStatus.Pending,
        };
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
        (await ReadAsync(id, cancellationToken))?.ToEmail();

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
                return new OutboxPage([.. page.Values.Select(e => e.ToEmail())], page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.TableNotFound)
        {
            // Nothing was ever enqueued.
        }

        return new OutboxPage([], null);
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
