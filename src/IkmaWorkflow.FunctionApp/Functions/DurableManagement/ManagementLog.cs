namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>The durable management API's log: every refused request and every change an operator makes.</summary>
internal static partial class ManagementLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Operator request {Method} {Path} refused: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Operator started orchestrator {Orchestrator} as instance {InstanceId}")]
    public static partial void InstanceStarted(ILogger logger, string orchestrator, string instanceId);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Operator raised event {EventName} on instance {InstanceId}")]
    public static partial void EventRaised(ILogger logger, string eventName, string instanceId);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Operator asked to terminate instance {InstanceId} (recursive: {Recursive}, reason: {Reason})")]
    public static partial void TerminateRequested(ILogger logger, string instanceId, bool recursive, string? reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Operator asked to suspend instance {InstanceId} (reason: {Reason})")]
    public static partial void SuspendRequested(ILogger logger, string instanceId, string? reason);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Operator asked to resume instance {InstanceId} (reason: {Reason})")]
    public static partial void ResumeRequested(ILogger logger, string instanceId, string? reason);

    [LoggerMessage(EventId = 706, Level = LogLevel.Information, Message = "Operator purged instance {InstanceId}")]
    public static partial void InstancePurged(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 707, Level = LogLevel.Error, Message = "Durable management request {Method} {Path} failed: the durable backend did not answer or failed (gRPC status {RpcStatus})")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string method, string path, string rpcStatus);
}
