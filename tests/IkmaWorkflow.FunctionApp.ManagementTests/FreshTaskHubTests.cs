using System.Net;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>
/// The app creates no storage at start-up, so the first request may meet a task hub with no table yet: it must read as
/// an empty hub, not as a storage failure.
/// </summary>
public sealed class FreshTaskHubTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task List_FirstRequestOnFreshHub_Returns200Empty()
    {
        await using var host = await ManagementHost.StartAsync(azurite.ConnectionString, ManagementFixture.Key, TestOrchestrations.Register);
        using var client = new ManagementClient(host.BaseAddress, ManagementFixture.Key);

        var response = await client.GetAsync("api/durable/instances?runtimeStatus=Running");

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Empty(response.Json.EnumerateArray());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/raiseEvent/approval")]
    [InlineData("POST", "/terminate")]
    public async Task InstanceEndpoint_FirstRequestOnFreshHub_Returns404(string method, string suffix)
    {
        await using var host = await ManagementHost.StartAsync(azurite.ConnectionString, ManagementFixture.Key, TestOrchestrations.Register);
        using var client = new ManagementClient(host.BaseAddress, ManagementFixture.Key);

        var response = await client.SendAsync(new HttpMethod(method), $"api/durable/instances/belum-ada{suffix}", method == "POST" ? "{}" : null);

        response.AssertProblem(HttpStatusCode.NotFound, "instance-not-found");
    }
}
