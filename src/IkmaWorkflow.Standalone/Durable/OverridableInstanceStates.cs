namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// <c>overridableExistingInstanceStates</c>: which existing instances a start with the same instance id replaces,
/// when the caller gives no reuse policy of its own.
/// </summary>
public enum OverridableInstanceStates
{
    /// <summary>Only finished ones (completed, failed, terminated); starting an id that is pending, running or suspended is refused. Durable Functions' default.</summary>
    NonRunningStates,

    /// <summary>Any: a start replaces even a running instance.</summary>
    AnyState,
}
