using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>The email outbox's log lines, with stable event ids 1200–1219.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Email {EmailId} ({DedupeKey}) sent by {Delivery} as {Reference} on attempt {Attempt}")]
    public static partial void EmailSent(ILogger logger, string emailId, string dedupeKey, string delivery, string? reference, int attempt);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Email {EmailId} attempt {Attempt} of {MaxAttempts} failed; next attempt in {Delay}: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string emailId, int attempt, int maxAttempts, TimeSpan delay, string? error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Email {EmailId} ({DedupeKey}) failed after {Attempts} attempts and will not be sent: {Error}")]
    public static partial void EmailFailed(ILogger logger, string emailId, string dedupeKey, int attempts, string? error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Email {EmailId} ({DedupeKey}) was sent, but its claim lapsed first (longer than {ClaimPeriod}) and another sender took it over: it may be sent twice")]
    public static partial void ClaimLostAfterSend(ILogger logger, string emailId, string dedupeKey, TimeSpan claimPeriod);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Email {EmailId}: another sender took it over while this attempt ran; its result is left to that sender")]
    public static partial void ClaimLost(ILogger logger, string emailId);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "SendEmail message names email {EmailId}, which is not in the outbox; message dropped")]
    public static partial void UnknownEmail(ILogger logger, string emailId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Email {EmailId} ({DedupeKey}) attempt {Attempt}: SendGrid's answer was lost, so it may have been delivered; the next attempt may deliver it twice (SendGrid has no idempotency key)")]
    public static partial void AnswerLost(ILogger logger, string emailId, string dedupeKey, int attempt);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Email {EmailId} ({DedupeKey}): attempt {Attempt} never finished (its sender stopped during the send, or could not record the result before its claim lapsed); sending it again may deliver it twice")]
    public static partial void AttemptAbandoned(ILogger logger, string emailId, string dedupeKey, int attempt);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "Email {EmailId} was accepted by SendGrid but could not be marked Sent; trying again in {Delay} while its claim lasts, so it is not sent twice")]
    public static partial void SentMarkRetried(ILogger logger, Exception exception, string emailId, TimeSpan delay);
}
