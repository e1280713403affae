namespace IkmaWorkflow.DurableTask;

/// <summary>What a failed task reported: the exception's type, message and stack, and its inner failure.</summary>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace, if any.</param>
/// <param name="InnerFailure">The inner exception's details, if any.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Captures an exception.</summary>
    public static TaskFailureDetails FromException(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace, exception.InnerException is { } inner ? FromException(inner) : null);

    /// <summary>Whether the failure was caused by an exception of type <typeparamref name="T"/> (by name).</summary>
    public bool IsCausedBy<T>()
        where T : Exception =>
        ErrorType == typeof(T).FullName;

    /// <inheritdoc/>
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}

/// <summary>An activity or sub-orchestration failed; <see cref="FailureDetails"/> says how.</summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for task <paramref name="taskName"/> with id <paramref name="taskId"/>.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The failed task's name.</summary>
    public string TaskName { get; }

    /// <summary>The failed task's sequence number in its orchestration.</summary>
    public int TaskId { get; }

    /// <summary>The failure.</summary>
    public TaskFailureDetails FailureDetails { get; }
}

/// <summary>The orchestration's code did something different on replay than history records.</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception naming the step history expected and the one the code took.</summary>
    public NonDeterministicOrchestrationException(int taskId, string expected, string actual)
        : base($"Non-deterministic orchestration: at step #{taskId} history records {expected}, but the code now does {actual}. Orchestrator code must make the same calls in the same order on every replay; deploy changes as a new orchestrator version.")
    {
        TaskId = taskId;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The step where replay diverged.</summary>
    public int TaskId { get; }

    /// <summary>The step history records.</summary>
    public string Expected { get; }

    /// <summary>The step the code took.</summary>
    public string Actual { get; }
}
