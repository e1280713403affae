using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>Follow-up log lines, with stable event ids 1500–1519 (docs/follow-up.md).</summary>
internal static partial class FollowUpLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Follow-up scan: {Due} checkpoint(s) due on {Today} (WIB); {Started} orchestration(s) started, {AlreadyStarted} already running, {Failed} failed")]
    public static partial void ScanFinished(ILogger logger, int due, string today, int started, int alreadyStarted, int failed);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error, Message = "Follow-up scan could not start or mark checkpoint {InstanceId}; it stays Scheduled and the next scan tries again")]
    public static partial void ScanItemFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Follow-up {InstanceId}: {ResponsibleId} asked for the outcome ({Recipients} recipient(s))")]
    public static partial void Requested(ILogger logger, string instanceId, string? responsibleId, int recipients);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Follow-up {InstanceId}: checkpoint already {Status} before the request; nothing sent")]
    public static partial void ClosedBeforeRequest(ILogger logger, string instanceId, string status);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "Follow-up {InstanceId}: outcome reported after {Reminders} reminder(s)")]
    public static partial void OutcomeArrived(ILogger logger, string instanceId, int reminders);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "Follow-up {InstanceId}: coordinators told the outcome is overdue ({Recipients} recipient(s))")]
    public static partial void Escalated(ILogger logger, string instanceId, int recipients);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Warning, Message = "Follow-up {InstanceId}: no outcome in time after {Reminders} reminder(s); checkpoint now {Status}")]
    public static partial void GaveUp(ILogger logger, string instanceId, string status, int reminders);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "Follow-up {InstanceId}: nobody at {OrganisationId} can be emailed; register a person for it")]
    public static partial void NobodyToEmail(ILogger logger, string instanceId, string organisationId);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Warning, Message = "Follow-up outcome for {InstanceId} is stored, but its orchestration could not be told ({Reason}); it notices at its next reminder")]
    public static partial void EventNotRaised(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 1509, Level = LogLevel.Information, Message = "Follow-up schedule of participant {ParticipantId} in {ProgrammeId}: released {ReleaseDate}; {Scheduled} checkpoint(s) scheduled, {Kept} kept as they were")]
    public static partial void Scheduled(ILogger logger, string programmeId, string participantId, string releaseDate, int scheduled, int kept);
}
