using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>The durable engine's own log lines (event ids 4500–4599); the engine and the worker log under their own categories.</summary>
internal static partial class DurableLog
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Durable engine for task hub {HubName} serving on {Endpoint} as worker {WorkerId}: {PartitionCount} partitions, {Orchestrators} orchestrator and {Activities} activity functions")]
    public static partial void Started(ILogger logger, string hubName, System.Net.IPEndPoint endpoint, string workerId, int partitionCount, int orchestrators, int activities);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Durable engine for task hub {HubName} stopping")]
    public static partial void Stopping(ILogger logger, string hubName);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Durable engine for task hub {HubName} stopped; its partitions are released")]
    public static partial void Stopped(ILogger logger, string hubName);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Durable engine for task hub {HubName} did not stop within the shutdown timeout; partitions it still holds are taken over {LeaseInterval} after their last renewal")]
    public static partial void StopTimedOut(ILogger logger, string hubName, TimeSpan leaseInterval);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information, Message = "Handed {Activities} activity and {Orchestrations} orchestration work items in flight back to their queues")]
    public static partial void WorkHandedBack(ILogger logger, int activities, int orchestrations);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Could not hand {Kind} work item {WorkItemId} of instance {InstanceId} back to its queue; its messages become visible when their lock expires")]
    public static partial void HandBackFailed(ILogger logger, Exception exception, string kind, string workItemId, string instanceId);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Debug, Message = "Renewed the lock of {Kind} work item {WorkItemId} of instance {InstanceId} until {LockedUntilUtc:o}")]
    public static partial void LockRenewed(ILogger logger, string kind, string workItemId, string instanceId, DateTime lockedUntilUtc);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Warning, Message = "Could not renew the lock of {Kind} work item {WorkItemId} of instance {InstanceId}; it may run again elsewhere if the lock expires")]
    public static partial void LockRenewalFailed(ILogger logger, Exception exception, string kind, string workItemId, string instanceId);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Warning, Message = "The orchestrator episode of instance {InstanceId} has held its messages for {Elapsed}; an episode normally takes milliseconds")]
    public static partial void EpisodeHeldLong(ILogger logger, string instanceId, TimeSpan elapsed);

    [LoggerMessage(EventId = 4509, Level = LogLevel.Debug, Message = "Serving {Kind} function {FunctionName} ({Method})")]
    public static partial void FunctionRegistered(ILogger logger, TriggerKind kind, string functionName, System.Reflection.MethodInfo method);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Warning, Message = "Activity function {FunctionName} of instance {InstanceId} failed; the orchestrator sees a TaskFailedException")]
    public static partial void ActivityFailed(ILogger logger, Exception exception, string functionName, string instanceId);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "Orchestrator function {FunctionName} of instance {InstanceId} threw; the instance fails")]
    public static partial void OrchestratorFailed(ILogger logger, Exception exception, string functionName, string instanceId);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "The storage of task hub {HubName} did not answer; the durable engine starts when it does (next try in {Delay})")]
    public static partial void TaskHubUnavailable(ILogger logger, Exception exception, string hubName, TimeSpan delay);
}
