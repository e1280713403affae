using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>Personal-data log lines, with stable event ids 1600–1619 (docs/data-design.md). They name pseudonymous ids, never names.</summary>
internal static partial class PrivacyLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Retention purge on {Today} (WIB): {Participants} participant(s) and {Identities} orphan identity row(s) purged, {Documents} document(s) purged, {Answers} old form answer(s) deleted, {Failed} failed")]
    public static partial void PurgeFinished(ILogger logger, string today, int participants, int identities, int documents, int answers, int failed);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Retention purge could not purge {Key}; it stays for the next run")]
    public static partial void PurgeItemFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Personal data of participant {ParticipantId} in {ProgrammeId} removed ({Reason}): identity deleted now {IdentityDeleted}, {Certificates} certificate(s) without PDF, {Checkpoints} checkpoint(s) closed, {Answers} stored answer(s) redacted")]
    public static partial void Removed(ILogger logger, string programmeId, string participantId, string reason, bool identityDeleted, int certificates, int checkpoints, int answers);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Document {DocumentId} of {ProgrammeId} purged: {Reason}")]
    public static partial void DocumentPurged(ILogger logger, string programmeId, string documentId, string reason);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information, Message = "Personal data of participant {ParticipantId} in {ProgrammeId} exported for {By}")]
    public static partial void Exported(ILogger logger, string programmeId, string participantId, string by);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "Identity of participant {ParticipantId} in {ProgrammeId} corrected by {By}: {Fields}")]
    public static partial void Corrected(ILogger logger, string programmeId, string participantId, string by, string fields);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "{Setting} is not set: names and contact details are encrypted with the fixed development key, which is allowed on development storage only")]
    public static partial void DevelopmentKey(ILogger logger, string setting);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Information, Message = "{Rows} row(s) of names and contacts sealed again with the current key {KeyId}; none left in clear or under the previous key once this says 0")]
    public static partial void Resealed(ILogger logger, int rows, string keyId);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Warning, Message = "Retention purge kept participant {ParticipantId} in {ProgrammeId} although its retention ended on {RetentionUntil}: {Reason}")]
    public static partial void PurgeKept(ILogger logger, string programmeId, string participantId, string retentionUntil, string reason);
}
