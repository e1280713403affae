namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>A task hub nothing has run on yet reads as an empty hub, not as a failure.</summary>
public sealed class FreshTaskHubTests
{
    [Fact]
    public async Task List_FirstRequestOnFreshHub_Returns200Empty()
    {
        await using var host = await ManagementFixture.StartHostAsync();
        var api = new ManagementApi(host.Client);

        var response = await api.GetAsync("api/durable/instances?runtimeStatus=Running");

        response.AssertStatus(200);
        Assert.Empty(response.Json.EnumerateArray());
        Assert.Null(response.Header("x-ms-continuation-token"));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/raiseEvent/approval")]
    [InlineData("POST", "/terminate")]
    public async Task InstanceEndpoint_FirstRequestOnFreshHub_Returns404(string method, string suffix)
    {
        await using var host = await ManagementFixture.StartHostAsync();
        var api = new ManagementApi(host.Client);

        var response = await api.SendAsync(method, $"api/durable/instances/belum-ada{suffix}", method == "POST" ? "{}" : null);

        response.AssertProblem(404, "instance-not-found");
    }
}
