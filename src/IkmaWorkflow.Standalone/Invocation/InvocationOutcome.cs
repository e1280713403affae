namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>What a queue or timer invocation came to.</summary>
internal enum InvocationOutcome
{
    /// <summary>The function returned.</summary>
    Succeeded,

    /// <summary>The function threw; the error is logged.</summary>
    Failed,

    /// <summary>Shutdown cancelled it after the grace period: not the function's failure.</summary>
    Cancelled,
}
