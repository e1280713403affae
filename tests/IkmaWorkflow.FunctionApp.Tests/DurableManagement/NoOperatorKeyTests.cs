namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>Without app setting <c>OperatorKey</c> the API is off, whatever the request carries.</summary>
[Collection(ManagementTests.Name)]
public sealed class NoOperatorKeyTests(ManagementFixture fixture)
{
    private readonly ManagementApi _api = new(fixture.Client, configuredKey: null);

    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_KeyNotConfigured_Returns503ProblemEvenWithAKey(string method, string path)
    {
        var response = await _api.SendAsync(method, path, method == "POST" ? "{}" : null);

        var problem = response.AssertProblem(503, "operator-key-not-configured");
        Assert.Contains("OperatorKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("OperatorKey", problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyNotConfigured_StartsNothing()
    {
        var id = "tanpa-kunci-" + Guid.NewGuid().ToString("N")[..8];

        (await _api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Greeting}?instanceId={id}", "\"Ani\"")).AssertStatus(503);

        Assert.Null(await fixture.Client.GetInstanceAsync(id));
    }
}
