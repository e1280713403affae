using IkmaWorkflow.DurableTask.History;

namespace IkmaWorkflow.DurableTask.Storage;

/// <summary>
/// A message on the orchestration queue: an event for an instance, or (with no event) a wake-up to start it.
/// </summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExecutionId">The execution the event belongs to; events of an older execution are dropped. Null for client events.</param>
/// <param name="Event">The event, or null for a wake-up.</param>
/// <param name="Recursive">For a termination: whether running sub-orchestrations are terminated too.</param>
/// <param name="Deferrals">How often this message was delivered again because its step or its instance was not recorded yet.</param>
/// <param name="Guard">
/// For a guard message (no event): the id of the guard. It stays invisible while the instance's activities run in
/// the process that scheduled them; if it arrives while the instance still records the guard, that process is gone
/// and the open activity calls are sent to the activity queue.
/// </param>
internal sealed record OrchestrationMessage(string InstanceId, string? ExecutionId, HistoryEvent? Event, bool Recursive = false, int Deferrals = 0, string? Guard = null);

/// <summary>A message on the activity queue: one activity call.</summary>
/// <param name="InstanceId">The calling instance.</param>
/// <param name="ExecutionId">The calling execution.</param>
/// <param name="TaskId">The call's step number.</param>
/// <param name="Name">The activity.</param>
/// <param name="Input">The input, as JSON.</param>
internal sealed record ActivityMessage(string InstanceId, string ExecutionId, int TaskId, string Name, string? Input);
