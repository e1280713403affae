namespace IkmaWorkflow.DurableTask;

/// <summary>The runtime status of an orchestration instance.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled, not started yet.</summary>
    Pending,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Restarted with a fresh history (transient).</summary>
    ContinuedAsNew,

    /// <summary>Finished with a failure.</summary>
    Failed,

    /// <summary>Stopped by a client.</summary>
    Terminated,

    /// <summary>Paused by a client; events are kept until it resumes.</summary>
    Suspended,
}
