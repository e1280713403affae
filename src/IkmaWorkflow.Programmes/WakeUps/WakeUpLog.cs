using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>Wake-up log lines, with stable event ids 4120–4129 (docs/time-and-deadlines.md).</summary>
internal static partial class WakeUpLog
{
    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Deadline check: {Due} wake-up(s) due on or before {Today} (WIB); {Raised} raised, {Gone} for finished or missing instances deleted, {Failed} failed")]
    public static partial void ScanFinished(ILogger logger, int due, string today, int raised, int gone, int failed);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Wake-up {Token} for {InstanceId} (due {DueAt}) not raised: the instance is {State}; its row is deleted")]
    public static partial void InstanceGone(ILogger logger, string instanceId, string token, DateTimeOffset dueAt, string state);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Error, Message = "Deadline check could not raise or delete wake-up {Token} for {InstanceId}; the row stays and the next check tries again")]
    public static partial void ScanItemFailed(ILogger logger, Exception exception, string instanceId, string token);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Information, Message = "Wake-up {Token} for {InstanceId} was rescheduled while the check raised it; the row is left for the next check")]
    public static partial void RowChanged(ILogger logger, string instanceId, string token);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Information, Message = "Orchestration {InstanceId} ignored wake-up {Token} meant for an earlier wait; it waits for {Expected}")]
    public static partial void StaleIgnored(ILogger logger, string instanceId, string token, string expected);
}
