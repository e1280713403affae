namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>An email in the outbox, as the listing and the sender see it.</summary>
/// <param name="Id">The outbox id: newer emails have smaller ids, so a listing is newest first.</param>
/// <param name="DedupeKey">The key of the event the email is about; one email per key.</param>
/// <param name="Kind">The notification kind.</param>
/// <param name="Recipients">Who it goes to.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The plain-text part; <see langword="null"/> in a listing.</param>
/// <param name="Html">The HTML part; <see langword="null"/> in a listing.</param>
/// <param name="CreatedAt">When it was put in the outbox.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">How many sends have been started.</param>
/// <param name="NextAttemptAt">When the next attempt is due, after a failed one.</param>
/// <param name="LastError">Why the last attempt failed, or why the email failed for good.</param>
/// <param name="SentAt">When SendGrid accepted it or it was written to the email container.</param>
/// <param name="Delivery"><c>sendgrid</c> or <c>blob</c>: how it was sent.</param>
/// <param name="ProviderMessageId">SendGrid's message id (its <c>X-Message-Id</c>).</param>
/// <param name="BlobName">The blob it was written to, without a SendGrid key.</param>
public sealed record OutboxEmail(
    string Id,
    string DedupeKey,
    string Kind,
    IReadOnlyList<EmailRecipient> Recipients,
    string Subject,
    string? Text,
    string? Html,
    DateTimeOffset CreatedAt,
    EmailStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset? SentAt,
    string? Delivery,
    string? ProviderMessageId,
    string? BlobName);

/// <summary>One page of the outbox, newest first.</summary>
/// <param name="Emails">The emails, without their text and HTML parts.</param>
/// <param name="ContinuationToken">Pass it to get the next page; <see langword="null"/> on the last page.</param>
public sealed record OutboxPage(IReadOnlyList<OutboxEmail> Emails, string? ContinuationToken);

/// <summary>What <c>EmailOutbox.EnqueueAsync</c> did.</summary>
/// <param name="Id">The email's outbox id: the new one, or the one already stored under the same dedupe key.</param>
/// <param name="Created">Whether this call stored it; <see langword="false"/> when the key was already in the outbox.</param>
/// <param name="Status">The email's status now.</param>
public sealed record EnqueueResult(string Id, bool Created, EmailStatus Status);
