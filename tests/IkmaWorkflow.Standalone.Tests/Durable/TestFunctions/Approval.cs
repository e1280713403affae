namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>The payload of <see cref="ApprovalOrchestrator.ApprovalEvent"/>.</summary>
/// <param name="By">Who approved.</param>
public sealed record Approval(string By);
