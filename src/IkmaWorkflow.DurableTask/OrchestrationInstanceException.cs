namespace IkmaWorkflow.DurableTask;

/// <summary>Why an instance operation was refused.</summary>
public enum InstanceProblem
{
    /// <summary>No instance has that id.</summary>
    NotFound,

    /// <summary>An instance with that id already exists.</summary>
    AlreadyExists,

    /// <summary>The instance has finished and takes no more events.</summary>
    AlreadyFinished,

    /// <summary>The instance id cannot be used as a storage key.</summary>
    InvalidId,
}

/// <summary>An operation on instance <see cref="InstanceId"/> was refused; <see cref="Problem"/> says why.</summary>
public sealed class OrchestrationInstanceException(string instanceId, InstanceProblem problem, string message) : Exception(message)
{
    /// <summary>The instance the operation was about.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Why it was refused.</summary>
    public InstanceProblem Problem { get; } = problem;
}
