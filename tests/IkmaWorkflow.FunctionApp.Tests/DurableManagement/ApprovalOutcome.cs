using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>The output of <see cref="TestOrchestrations.Approval"/>.</summary>
internal sealed record ApprovalOutcome(string Requester, JsonElement Decision);
