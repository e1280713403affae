using System.Diagnostics;
using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Sends outbox emails: the handler of the <c>SendEmail</c> queue function. Each queue message is only a wake-up
/// naming an email; the email's row decides what happens, so a duplicate or early message does no harm.
/// </summary>
/// <remarks>
/// <para>An email is sent at most once per claim. Before sending, the sender claims the email with an ETag-guarded
/// update (status Sending, attempt counted, claim valid for <see cref="EmailOutboxOptions.ClaimPeriod"/>); a second
/// sender that loses the race, or finds a live claim, only schedules a wake-up for when the claim lapses. After
/// SendGrid accepts, the email is marked Sent under the claim's ETag.</para>
/// <para>At-least-once window: SendGrid has no idempotency key. If the process dies after the request left and before
/// the Sent mark is stored, or SendGrid's answer is lost (no answer within <see cref="SendGridOptions.Timeout"/>, a
/// connection broken after the request was sent), the email is sent again: after the claim lapses, or at the retry.
/// The window is the send itself (at most the timeout, 10 seconds by default) plus the Sent update; a storage failure
/// during that update is retried while the claim lasts, so only a crash, or storage down longer than the claim, sends
/// twice. Each such attempt logs warning 1206 or 1207, and SendGrid's custom argument <c>ikma_dedupe_key</c> lets a
/// duplicate be recognised (docs/notifications.md).</para>
/// <para>On a 429, a 5xx, a network error or a timeout the email goes back to Pending with its next attempt time
/// (exponential backoff from <see cref="EmailOutboxOptions.FirstRetryDelay"/>, or SendGrid's <c>Retry-After</c> when
/// longer) and a wake-up is queued with that delay. After <see cref="EmailOutboxOptions.MaxAttempts"/> attempts, or
/// on any other 4xx, it is marked Failed with the error and an error is logged; it stays in the listing.</para>
/// </remarks>
public sealed class EmailSender
{
    // A queue message can stay invisible for at most 7 days.
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(6);

    // Past the claim, a deferred wake-up waits this much longer so the claim has surely lapsed.
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(1);

    // The longest pause between two tries of the Sent mark.
    private static readonly TimeSpan MaxSentMarkWait = TimeSpan.FromSeconds(10);

    private readonly EmailOutbox _outbox;
    private readonly EmailTransport _transport;
    private readonly EmailOutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmailSender> _logger;

    /// <summary>Creates the sender.</summary>
    public EmailSender(EmailOutbox outbox, EmailTransport transport, EmailOutboxOptions options, TimeProvider time, ILogger<EmailSender> logger)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Handles one <c>SendEmail</c> queue message: sends the email it names if it is due and unclaimed.</summary>
    /// <param name="message">The queue message, <c>{"id":"..."}</c>.</param>
    /// <param name="cancellationToken">Cancels the work; the message is then retried.</param>
    /// <exception cref="FormatException">The message does not name an email; the queue retries it and then moves it to the poison queue.</exception>
    /// <exception cref="RequestFailedException">Storage failed; the queue retries the message.</exception>
    public async Task ProcessAsync(string message, CancellationToken cancellationToken)
    {
        var id = ReadId(message);
        var row = await ClaimAsync(id, cancellationToken);
        if (row is null)
        {
            return;
        }

        DeliveryResult result;
        using (var span = Telemetry.StartSpan("email send", kind: _transport is SendGridTransport ? ActivityKind.Client : ActivityKind.Internal))
        {
            span?.SetTag(Telemetry.DeliveryTag, _transport.Name);
            span?.SetTag("ikma.email.id", row.Id);
            result = await _transport.DeliverAsync(_outbox.Open(row), cancellationToken);
            span?.SetTag("ikma.email.outcome", result.Outcome.ToString());
            if (result.Outcome != DeliveryOutcome.Delivered)
            {
                span?.SetStatus(ActivityStatusCode.Error, result.Error);
            }
        }

        var now = _time.GetUtcNow();
        var claimEnd = row.ClaimedUntil ?? now;
        row.ClaimedUntil = null;
        try
        {
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    row.State = EmailStatus.Sent;
                    row.SentAt = now;
                    row.NextAttemptAt = null;
                    row.Delivery = _transport.Name;
                    row.ProviderMessageId = _transport is SendGridTransport ? result.Reference : null;
                    row.BlobName = _transport is BlobMailbox ? result.Reference : null;
                    await RecordSentAsync(row, claimEnd, cancellationToken);
                    NotificationLog.EmailSent(_logger, row.Id, row.DedupeKey, _transport.Name, result.Reference, row.Attempts);
                    Telemetry.EmailsSent.Add(1, new KeyValuePair<string, object?>(Telemetry.DeliveryTag, _transport.Name));
                    break;
                case DeliveryOutcome.Retry when row.Attempts < _options.MaxAttempts:
                    var delay = RetryDelay(_options, row.Attempts, result.RetryAfter);
                    row.State = EmailStatus.Pending;
                    row.NextAttemptAt = now + delay;
                    row.LastError = result.Error;
                    await _outbox.UpdateAsync(row, cancellationToken);
                    await _outbox.WakeAsync(row.Id, delay, cancellationToken);
                    NotificationLog.AttemptFailed(_logger, row.Id, row.Attempts, _options.MaxAttempts, delay, result.Error);
                    if (result.Unconfirmed)
                    {
                        NotificationLog.AnswerLost(_logger, row.Id, row.DedupeKey, row.Attempts);
                    }

                    break;
                default:
                    row.State = EmailStatus.Failed;
                    row.NextAttemptAt = null;
                    row.LastError = result.Outcome == DeliveryOutcome.Retry
                        ? $"Gave up after {row.Attempts} attempts (EmailOutbox__MaxAttempts). Last error: {result.Error}"
                        : result.Error;
                    await _outbox.UpdateAsync(row, cancellationToken);
                    NotificationLog.EmailFailed(_logger, row.Id, row.DedupeKey, row.Attempts, row.LastError);
                    Telemetry.EmailsFailed.Add(1, new KeyValuePair<string, object?>(Telemetry.DeliveryTag, _transport.Name));
                    break;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // The claim lapsed during the send and another sender took the email over.
            if (result.Outcome == DeliveryOutcome.Delivered)
            {
                NotificationLog.ClaimLostAfterSend(_logger, row.Id, row.DedupeKey, _options.ClaimPeriod);
            }
            else
            {
                NotificationLog.ClaimLost(_logger, row.Id);
            }
        }
    }

    // SendGrid accepted the email: until the Sent mark is stored, a crash or a storage failure sends it again once the
    // claim lapses. So a write that fails (after the storage client's own retries) is tried again, doubling from a
    // second, as long as the claim lasts; a storage outage shorter than the claim then sends nothing twice. A write that
    // landed although its answer was lost makes the next one fail its ETag check: the row then already says Sent.
    private async Task RecordSentAsync(OutboxEntity row, DateTimeOffset claimEnd, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        for (var retried = false; ; retried = true)
        {
            try
            {
                await _outbox.UpdateAsync(row, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && retried)
            {
                var stored = await _outbox.ReadAsync(row.Id, cancellationToken);
                if (stored is not { State: EmailStatus.Sent } || stored.ProviderMessageId != row.ProviderMessageId || stored.BlobName != row.BlobName)
                {
                    throw;
                }

                return;
            }
            catch (Exception ex) when (ex is RequestFailedException { Status: not 412 } or AggregateException
                && _time.GetUtcNow() + wait < claimEnd - ClaimMargin)
            {
                NotificationLog.SentMarkRetried(_logger, ex, row.Id, wait);
                await Task.Delay(wait, _time, cancellationToken);
                wait = wait * 2 > MaxSentMarkWait ? MaxSentMarkWait : wait * 2;
            }
        }
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: doubling from the first delay, capped, with up to 20% jitter; never shorter than <paramref name="retryAfter"/>.</summary>
    internal static TimeSpan RetryDelay(EmailOutboxOptions options, int attempts, TimeSpan? retryAfter)
    {
        var backoff = options.FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 30));
        backoff = backoff > options.MaxRetryDelay ? options.MaxRetryDelay : backoff;
        backoff *= 1 + (Random.Shared.NextDouble() * 0.2);
        var delay = retryAfter is { } asked && asked > backoff ? asked : backoff;
        return delay > LongestDelay ? LongestDelay : delay;
    }

    // Takes the email for this sender, or returns null when there is nothing to do now (sent, failed, not yet due,
    // or claimed by another sender), after queuing a wake-up for when it will be due.
    private async Task<OutboxEntity?> ClaimAsync(string id, CancellationToken cancellationToken)
    {
        for (var race = 0; ; race++)
        {
            var row = await _outbox.ReadAsync(id, cancellationToken);
            if (row is null)
            {
                NotificationLog.UnknownEmail(_logger, id);
                return null;
            }

            var now = _time.GetUtcNow();
            var wakeAt = row.State switch
            {
                EmailStatus.Sent or EmailStatus.Failed => (DateTimeOffset?)null,
                EmailStatus.Pending when row.NextAttemptAt > now => row.NextAttemptAt,
                EmailStatus.Sending when row.ClaimedUntil > now => row.ClaimedUntil + ClaimMargin,
                _ => now,
            };
            if (wakeAt is null)
            {
                return null;
            }

            if (wakeAt > now)
            {
                // Early or duplicate wake-up: this message is replaced by one that arrives when the email is due, so
                // the number of wake-ups never grows.
                await _outbox.WakeAsync(id, wakeAt.Value - now, cancellationToken);
                return null;
            }

            // A claim that lapsed: the attempt that took it never recorded its result, and may have reached SendGrid.
            var abandoned = row.State == EmailStatus.Sending ? row.Attempts : (int?)null;
            var exhausted = row.Attempts >= _options.MaxAttempts;
            if (exhausted)
            {
                // Every attempt was started and none finished (the sender stopped during each): give up visibly.
                row.State = EmailStatus.Failed;
                row.ClaimedUntil = null;
                row.LastError = $"Gave up: {row.Attempts} attempts (EmailOutbox__MaxAttempts) were started and the last did not finish. Last error: {row.LastError ?? "none recorded"}";
            }
            else
            {
                row.State = EmailStatus.Sending;
                row.ClaimedUntil = now + _options.ClaimPeriod;
                row.Attempts++;
            }

            try
            {
                await _outbox.UpdateAsync(row, cancellationToken);
                if (abandoned is { } attempt)
                {
                    NotificationLog.AttemptAbandoned(_logger, row.Id, row.DedupeKey, attempt);
                }

                if (exhausted)
                {
                    NotificationLog.EmailFailed(_logger, row.Id, row.DedupeKey, row.Attempts, row.LastError);
                    return null;
                }

                return row;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && race < 3)
            {
                // Another sender changed the row between the read and the claim: look again.
            }
        }
    }

    private static string ReadId(string message)
    {
        try
        {
            if (JsonSerializer.Deserialize<WakeUp>(message, JsonSerializerOptions.Web) is { Id: { } id } && OutboxEntity.IsId(id))
            {
                return id;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new FormatException($"The SendEmail message is not {{\"id\":\"<outbox id>\"}}: {message}");
    }
}
