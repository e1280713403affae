namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Delivers one email: through SendGrid (<see cref="SendGridTransport"/>) or into a blob container (<see cref="BlobMailbox"/>).</summary>
public abstract class EmailTransport
{
    /// <summary>The name recorded on a sent email: <c>sendgrid</c> or <c>blob</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Delivers <paramref name="email"/>, or says why not and whether trying again can help.</summary>
    /// <remarks>Failures of the far side are results, not exceptions; an exception means the outbox itself failed and the queue message is retried.</remarks>
    public abstract Task<DeliveryResult> DeliverAsync(OutboxEmail email, CancellationToken cancellationToken);
}

/// <summary>How a delivery went.</summary>
public enum DeliveryOutcome
{
    /// <summary>Accepted (SendGrid 2xx) or written.</summary>
    Delivered,

    /// <summary>Failed in a way a later attempt may not: 429, 5xx, network error or timeout.</summary>
    Retry,

    /// <summary>Refused for good (another 4xx): trying again would fail the same way.</summary>
    Rejected,
}

/// <summary>The result of one delivery.</summary>
/// <param name="Outcome">How it went.</param>
/// <param name="Reference">SendGrid's message id or the blob's name, when delivered.</param>
/// <param name="Error">What went wrong, when not delivered.</param>
/// <param name="RetryAfter">How long the far side asked to wait (a 429's <c>Retry-After</c>), if it did.</param>
/// <param name="Unconfirmed">
/// For a retry: the request may have reached the far side and been accepted, but its answer was lost (no answer within
/// the timeout, a connection that broke after the request was sent). SendGrid has no idempotency key, so the next
/// attempt may deliver the email a second time.
/// </param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Reference, string? Error, TimeSpan? RetryAfter, bool Unconfirmed = false)
{
    /// <summary>Delivered; <paramref name="reference"/> names the message or blob.</summary>
    public static DeliveryResult Delivered(string? reference) => new(DeliveryOutcome.Delivered, reference, null, null);

    /// <summary>Failed for now.</summary>
    public static DeliveryResult Retry(string error, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Retry, null, error, retryAfter);

    /// <summary>No answer: perhaps delivered, perhaps not; tried again, which may deliver it twice.</summary>
    public static DeliveryResult AnswerLost(string error) => new(DeliveryOutcome.Retry, null, error, null, Unconfirmed: true);

    /// <summary>Refused for good.</summary>
    public static DeliveryResult Rejected(string error) => new(DeliveryOutcome.Rejected, null, error, null);
}
