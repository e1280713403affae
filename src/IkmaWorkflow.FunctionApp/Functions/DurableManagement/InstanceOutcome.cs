namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>What became of an operator's command on one instance (<see cref="InstanceCommands"/>).</summary>
public enum InstanceOutcome
{
    /// <summary>The command was sent (or the read answered).</summary>
    Done,

    /// <summary>The instance already was as asked (terminating a finished one, suspending a suspended one): nothing was sent.</summary>
    Unchanged,

    /// <summary>No instance has the id.</summary>
    NotFound,

    /// <summary>Starting: an instance with the id exists, whatever its status.</summary>
    AlreadyExists,

    /// <summary>The instance has finished and takes no more commands of this kind.</summary>
    Finished,

    /// <summary>Purging: the instance has not finished.</summary>
    NotFinished,

    /// <summary>The id cannot be an instance id.</summary>
    InvalidId,

    /// <summary>The backend does not serve instance history.</summary>
    HistoryNotServed,
}
