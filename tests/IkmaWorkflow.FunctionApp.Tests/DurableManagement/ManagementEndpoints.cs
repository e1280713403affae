namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>Every function of the API, as a method and a path.</summary>
public static class ManagementEndpoints
{
    public static TheoryData<string, string> All => new()
    {
        { "POST", "api/durable/orchestrators/Approval" },
        { "GET", "api/durable/instances" },
        { "GET", "api/durable/instances/some-id" },
        { "DELETE", "api/durable/instances/some-id" },
        { "POST", "api/durable/instances/some-id/raiseEvent/approval" },
        { "POST", "api/durable/instances/some-id/terminate?reason=x" },
        { "POST", "api/durable/instances/some-id/suspend?reason=x" },
        { "POST", "api/durable/instances/some-id/resume?reason=x" },
    };
}
