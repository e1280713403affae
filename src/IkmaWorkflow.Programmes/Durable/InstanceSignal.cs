namespace IkmaWorkflow.Programmes.Durable;

/// <summary>What became of an event or a termination sent to an orchestration instance.</summary>
public enum InstanceSignal
{
    /// <summary>The instance was running (or pending) and got it.</summary>
    Delivered,

    /// <summary>No instance has that id.</summary>
    NotFound,

    /// <summary>The instance had finished (completed, failed or terminated): nothing waits for it.</summary>
    Finished,
}
