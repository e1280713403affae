namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>What an invocation came to: the response, and the failure when it failed.</summary>
/// <param name="Response">The response to send, with the failure logged in it when there is one.</param>
/// <param name="Failure">The exception that failed the invocation, or <see langword="null"/> on success.</param>
public sealed record InvocationOutcome(InvocationResponse Response, Exception? Failure)
{
    /// <summary>Whether the invocation succeeded.</summary>
    public bool Succeeded => Failure is null;
}
