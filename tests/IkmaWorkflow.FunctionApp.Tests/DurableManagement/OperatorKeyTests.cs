using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

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
