using System.Text.Json.Serialization;

namespace IkmaWorkflow.DurableTask.History;

/// <summary>One event of an orchestration's history; payloads are JSON text.</summary>
/// <param name="Timestamp">When the event was recorded (UTC).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$t")]
[JsonDerivedType(typeof(ExecutionStarted), "start")]
[JsonDerivedType(typeof(OrchestratorStarted), "episode")]
[JsonDerivedType(typeof(TaskScheduled), "taskScheduled")]
[JsonDerivedType(typeof(TaskCompleted), "taskCompleted")]
[JsonDerivedType(typeof(TaskFailed), "taskFailed")]
[JsonDerivedType(typeof(TimerCreated), "timerCreated")]
[JsonDerivedType(typeof(TimerFired), "timerFired")]
[JsonDerivedType(typeof(SubOrchestrationCreated), "subCreated")]
[JsonDerivedType(typeof(SubOrchestrationCompleted), "subCompleted")]
[JsonDerivedType(typeof(SubOrchestrationFailed), "subFailed")]
[JsonDerivedType(typeof(EventRaised), "eventRaised")]
[JsonDerivedType(typeof(ExecutionCompleted), "completed")]
[JsonDerivedType(typeof(ExecutionTerminated), "terminated")]
[JsonDerivedType(typeof(ExecutionSuspended), "suspended")]
[JsonDerivedType(typeof(ExecutionResumed), "resumed")]
public abstract record HistoryEvent(DateTime Timestamp);

/// <summary>The instance (or a new execution after ContinueAsNew) started.</summary>
public sealed record ExecutionStarted(DateTime Timestamp, string Name, string Version, string ExecutionId, string? Input, string? ParentInstanceId, int? ParentTaskId, string[]? CarriedEvents = null) : HistoryEvent(Timestamp);

/// <summary>An episode began; its timestamp is <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> for the episode.</summary>
public sealed record OrchestratorStarted(DateTime Timestamp) : HistoryEvent(Timestamp);

/// <summary>Events with the id of the step they belong to.</summary>
/// <param name="Timestamp">When recorded.</param>
/// <param name="TaskId">The step's sequence number in the execution.</param>
public abstract record TaskEvent(DateTime Timestamp, int TaskId) : HistoryEvent(Timestamp);

/// <summary>An activity was scheduled.</summary>
public sealed record TaskScheduled(DateTime Timestamp, int TaskId, string Name, string? Input) : TaskEvent(Timestamp, TaskId);

/// <summary>An activity returned.</summary>
public sealed record TaskCompleted(DateTime Timestamp, int TaskId, string? Result) : TaskEvent(Timestamp, TaskId);

/// <summary>An activity threw.</summary>
public sealed record TaskFailed(DateTime Timestamp, int TaskId, TaskFailureDetails Failure) : TaskEvent(Timestamp, TaskId);

/// <summary>A durable timer was created.</summary>
public sealed record TimerCreated(DateTime Timestamp, int TaskId, DateTime FireAt) : TaskEvent(Timestamp, TaskId);

/// <summary>A durable timer fired.</summary>
public sealed record TimerFired(DateTime Timestamp, int TaskId, DateTime FireAt) : TaskEvent(Timestamp, TaskId);

/// <summary>A sub-orchestration was started.</summary>
public sealed record SubOrchestrationCreated(DateTime Timestamp, int TaskId, string Name, string Version, string InstanceId, string? Input) : TaskEvent(Timestamp, TaskId);

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationCompleted(DateTime Timestamp, int TaskId, string? Result) : TaskEvent(Timestamp, TaskId);

/// <summary>A sub-orchestration failed.</summary>
public sealed record SubOrchestrationFailed(DateTime Timestamp, int TaskId, TaskFailureDetails Failure) : TaskEvent(Timestamp, TaskId);

/// <summary>An external event arrived.</summary>
/// <param name="Timestamp">When recorded.</param>
/// <param name="Name">The event name (matched case-insensitively).</param>
/// <param name="Input">The payload.</param>
/// <param name="EventId">A unique id, so a duplicate delivery is applied once.</param>
public sealed record EventRaised(DateTime Timestamp, string Name, string? Input, string EventId) : HistoryEvent(Timestamp);

/// <summary>The execution ended: completed, failed, or continued as new.</summary>
public sealed record ExecutionCompleted(DateTime Timestamp, OrchestrationRuntimeStatus Status, string? Result, TaskFailureDetails? Failure) : HistoryEvent(Timestamp);

/// <summary>The instance was terminated; <paramref name="Reason"/> is the output it records, as JSON.</summary>
public sealed record ExecutionTerminated(DateTime Timestamp, string? Reason, string EventId) : HistoryEvent(Timestamp);

/// <summary>The instance was suspended: events are kept but the code does not run.</summary>
public sealed record ExecutionSuspended(DateTime Timestamp, string? Reason, string EventId) : HistoryEvent(Timestamp);

/// <summary>The instance was resumed.</summary>
public sealed record ExecutionResumed(DateTime Timestamp, string? Reason, string EventId) : HistoryEvent(Timestamp);
