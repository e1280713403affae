using IkmaWorkflow.Programmes.Access;

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

/// <summary>The operator key guards every function.</summary>
[Collection(ManagementTests.Name)]
public sealed class OperatorKeyTests(ManagementFixture fixture)
{
    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_NoKey_Returns401ProblemWithChallenge(string method, string path)
    {
        // The body is not JSON either: the key is checked before anything of the request is read.
        var response = await fixture.Api.SendAsync(method, path, method == "POST" ? "{broken" : null, withKey: false);

        response.AssertProblem(401, "operator-key-missing");
        Assert.Equal("IkmaOperatorKey realm=\"durable-management\"", response.Header("WWW-Authenticate"));
        Assert.Contains($"Operator request {method} /{path.Split('?')[0]} refused: no operator key", fixture.Api.KeyLog.Messages(700));
    }

    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_WrongKeyInHeader_Returns401Problem(string method, string path)
    {
        var headers = new Dictionary<string, string> { [OperatorKey.HeaderName] = ManagementApi.Key + "x" };

        var response = await fixture.Api.SendAsync(method, path, method == "POST" ? "{}" : null, headers: headers);

        var problem = response.AssertProblem(401, "operator-key-wrong");
        Assert.Contains(OperatorKey.HeaderName, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementApi.Key, response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("test-operator-key")]
    [InlineData("TEST-OPERATOR-KEY-7F3A9C2E41B8")]
    [InlineData("test-operator-key-7f3a9c2e41b")]
    public async Task List_KeyThatIsNotExactlyTheSetting_Returns401(string key)
    {
        var headers = new Dictionary<string, string> { [OperatorKey.HeaderName] = key };

        var response = await fixture.Api.SendAsync("GET", "api/durable/instances", headers: headers);

        response.AssertStatus(401);
    }

    [Fact]
    public async Task List_KeyInCodeQuery_IsAccepted()
    {
        var response = await fixture.Api.GetAsync($"api/durable/instances?top=1&code={ManagementApi.Key}", withKey: false);

        response.AssertStatus(200);
    }

    [Fact]
    public async Task List_WrongKeyInCodeQuery_Returns401ProblemNamingTheQuery()
    {
        var response = await fixture.Api.GetAsync("api/durable/instances?code=tebakan-salah-1234567", withKey: false);

        var problem = response.AssertProblem(401, "operator-key-wrong");
        Assert.Contains("code query parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WrongHeaderAndRightCode_HeaderDecides()
    {
        var headers = new Dictionary<string, string> { [OperatorKey.HeaderName] = "tebakan-salah-1234567" };

        var response = await fixture.Api.SendAsync("GET", $"api/durable/instances?code={ManagementApi.Key}", headers: headers);

        response.AssertProblem(401, "operator-key-wrong");
    }
}

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
