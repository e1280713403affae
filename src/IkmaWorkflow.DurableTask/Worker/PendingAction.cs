using IkmaWorkflow.DurableTask.History;

namespace IkmaWorkflow.DurableTask.Worker;

/// <summary>A step the orchestration code asked for, matched against history on replay.</summary>
/// <param name="TaskId">The step's sequence number.</param>
/// <param name="Event">The history event that records the step.</param>
internal sealed record PendingAction(int TaskId, TaskEvent Event)
{
    /// <summary>Whether history already records this step (it is being replayed, not new).</summary>
    public bool Recorded { get; set; }

    /// <summary>A short description for non-determinism errors.</summary>
    public static string Describe(TaskEvent e) => e switch
    {
        TaskScheduled s => $"CallActivity(\"{s.Name}\")",
        TimerCreated t => $"CreateTimer({t.FireAt:O})",
        SubOrchestrationCreated s => $"CallSubOrchestrator(\"{s.Name}\", \"{s.InstanceId}\")",
        _ => e.GetType().Name,
    };

    /// <summary>Whether the code's step and history's step are the same call.</summary>
    public static bool SameStep(TaskEvent code, TaskEvent history) => (code, history) switch
    {
        (TaskScheduled a, TaskScheduled b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
        (TimerCreated, TimerCreated) => true,
        (SubOrchestrationCreated a, SubOrchestrationCreated b) => string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && a.InstanceId == b.InstanceId,
        _ => false,
    };
}
