namespace IkmaWorkflow.DurableTask;

/// <summary>How a failed activity or sub-orchestration is retried.</summary>
public sealed class RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the first retry; positive.</param>
    /// <param name="backoffCoefficient">Factor each further delay grows by; at least 1.</param>
    /// <param name="maxRetryInterval">Longest delay between attempts; default one hour.</param>
    /// <param name="retryTimeout">No retry starts after this much time since the first attempt; default none.</param>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Factor each further delay grows by.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>No retry starts after this much time since the first attempt; infinite by default.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides whether a failure is worth retrying; by default every failure is.</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = _ => true;

    /// <summary>The delay before attempt <paramref name="attempt"/> (2 for the first retry).</summary>
    internal TimeSpan DelayBefore(int attempt)
    {
        var delay = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 2);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryInterval.TotalMilliseconds));
    }
}

/// <summary>Retry options of a task.</summary>
/// <param name="Policy">The retry policy.</param>
public sealed record TaskRetryOptions(RetryPolicy Policy)
{
    /// <summary>Wraps a policy.</summary>
    public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);
}

/// <summary>Options of an activity or sub-orchestration call.</summary>
/// <param name="Retry">How to retry a failure, or <see langword="null"/> for no retries.</param>
public record TaskOptions(TaskRetryOptions? Retry = null)
{
    /// <summary>Options that retry with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));
}

/// <summary>Options of a sub-orchestration call.</summary>
/// <param name="InstanceId">The sub-orchestration's instance id; a deterministic one is made when absent.</param>
/// <param name="Retry">How to retry a failure.</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, TaskRetryOptions? Retry = null) : TaskOptions(Retry);
