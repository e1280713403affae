namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>The input of <see cref="TestOrchestrations.Approval"/>.</summary>
internal sealed record ApprovalRequest(string Requester, int Amount);
