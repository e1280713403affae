using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone;

/// <summary>
/// Every log event of the standalone host's HTTP, timer and queue triggers, with stable ids: 1xx invocations,
/// 2xx queues, 3xx timers, 4xx the trigger host, 5xx HTTP.
/// </summary>
internal static partial class StandaloneLog
{
    /// <summary>Every line logged during an invocation, the function's own included, carries the function and invocation id.</summary>
    public static readonly Func<ILogger, string, string, IDisposable?> InvocationScope =
        LoggerMessage.DefineScope<string, string>("Function {FunctionName} invocation {InvocationId}");

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Function {FunctionName} invocation {InvocationId} succeeded in {ElapsedMs:F0} ms")]
    public static partial void InvocationSucceeded(ILogger logger, string functionName, string invocationId, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Function {FunctionName} invocation {InvocationId} failed")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Function {FunctionName} invocation {InvocationId} was cancelled by shutdown or by its caller")]
    public static partial void InvocationCancelled(ILogger logger, string functionName, string invocationId);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Function {FunctionName} listens on queue {QueueName}")]
    public static partial void QueueListening(ILogger logger, string functionName, string queueName);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Function {FunctionName} could not poll queue {QueueName}; retrying")]
    public static partial void QueuePollFailed(ILogger logger, Exception exception, string functionName, string queueName);

    [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} on {QueueName} is not valid base64 (host.json messageEncoding); counted as a failed attempt")]
    public static partial void QueueMessageUndecodable(ILogger logger, string functionName, string messageId, string queueName);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Function {FunctionName}: message {MessageId} failed {DequeueCount} times and moved to {PoisonQueue}")]
    public static partial void QueueMessagePoisoned(ILogger logger, string functionName, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Function {FunctionName}: waiting up to {Timeout} for {Count} in-flight invocations before shutdown")]
    public static partial void QueueDraining(ILogger logger, string functionName, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Function {FunctionName}: shutdown cancelled message {MessageId}; it is visible again")]
    public static partial void QueueMessageReleased(ILogger logger, string functionName, string messageId);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Function {FunctionName}: could not settle message {MessageId}; it will reappear when its lease lapses")]
    public static partial void QueueSettleFailed(ILogger logger, Exception exception, string functionName, string messageId);

    [LoggerMessage(EventId = 207, Level = LogLevel.Trace, Message = "Function {FunctionName}: queue {QueueName} is empty; polling again in {Delay} or on a local write")]
    public static partial void QueueIdle(ILogger logger, string functionName, string queueName, TimeSpan delay);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Function {FunctionName} holds the timer lock and runs schedule {Schedule} (UTC)")]
    public static partial void TimerLockTaken(ILogger logger, string functionName, string schedule);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Function {FunctionName}: the occurrence due {Due:O} was missed; running it now, past due")]
    public static partial void TimerPastDue(ILogger logger, string functionName, DateTimeOffset due);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Function {FunctionName} lost its timer lock")]
    public static partial void TimerLockLost(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Function {FunctionName}: another instance changed the schedule status; giving up the lock")]
    public static partial void TimerStatusConflict(ILogger logger, string functionName);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Function {FunctionName}: the schedule status blob is unreadable and will be replaced")]
    public static partial void TimerStatusUnreadable(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "Function {FunctionName}: next occurrence {Due:O}")]
    public static partial void TimerNextOccurrence(ILogger logger, string functionName, DateTimeOffset due);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Standalone host: {HttpCount} HTTP, {QueueCount} queue and {TimerCount} timer functions running")]
    public static partial void TriggersStarted(ILogger logger, int httpCount, int queueCount, int timerCount);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Function {FunctionName} is disabled and will not be triggered")]
    public static partial void FunctionDisabled(ILogger logger, string functionName);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "The trigger of function {FunctionName} failed; restarting it in {Delay}")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, string functionName, TimeSpan delay);

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Function {FunctionName} invocation {InvocationId}: route value {RouteValue} is not valid; answered 400")]
    public static partial void RouteValueRejected(ILogger logger, string functionName, string invocationId, string routeValue);
}
