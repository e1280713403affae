using System.Net;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>Every endpoint of the API, as a method and a path.</summary>
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

/// <summary>The operator key guards every endpoint.</summary>
public sealed class OperatorKeyTests(ManagementFixture fixture) : IClassFixture<ManagementFixture>
{
    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_NoKey_Returns401ProblemWithChallenge(string method, string path)
    {
        // The body is not JSON either: the key is checked before anything of the request is read.
        var response = await fixture.Client.SendAsync(new HttpMethod(method), path, method == "POST" ? "{broken" : null, withKey: false);

        response.AssertProblem(HttpStatusCode.Unauthorized, "operator-key-missing");
        Assert.StartsWith("IkmaOperatorKey", response.Header("WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_WrongKeyInHeader_Returns401Problem(string method, string path)
    {
        var headers = new Dictionary<string, string> { [ManagementClient.KeyHeader] = ManagementFixture.Key + "x" };

        var response = await fixture.Client.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null, headers: headers);

        var problem = response.AssertProblem(HttpStatusCode.Unauthorized, "operator-key-wrong");
        Assert.Contains(ManagementClient.KeyHeader, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ManagementFixture.Key, response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("test-operator-key")]
    [InlineData("TEST-OPERATOR-KEY-7F3A9C2E41B8")]
    [InlineData("test-operator-key-7f3a9c2e41b")]
    public async Task List_KeyThatIsNotExactlyTheSetting_Returns401(string key)
    {
        var headers = new Dictionary<string, string> { [ManagementClient.KeyHeader] = key };

        var response = await fixture.Client.SendAsync(HttpMethod.Get, "api/durable/instances", headers: headers);

        response.AssertStatus(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task List_KeyInCodeQuery_IsAccepted()
    {
        var response = await fixture.Client.GetAsync($"api/durable/instances?top=1&code={ManagementFixture.Key}", withKey: false);

        response.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_WrongKeyInCodeQuery_Returns401ProblemNamingTheQuery()
    {
        var response = await fixture.Client.GetAsync("api/durable/instances?code=tebakan-salah-1234567", withKey: false);

        var problem = response.AssertProblem(HttpStatusCode.Unauthorized, "operator-key-wrong");
        Assert.Contains("code query parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WrongHeaderAndRightCode_HeaderDecides()
    {
        var headers = new Dictionary<string, string> { [ManagementClient.KeyHeader] = "tebakan-salah-1234567" };

        var response = await fixture.Client.SendAsync(HttpMethod.Get, $"api/durable/instances?code={ManagementFixture.Key}", headers: headers);

        response.AssertProblem(HttpStatusCode.Unauthorized, "operator-key-wrong");
    }
}

/// <summary>Without app setting <c>OperatorKey</c> the API is off, whatever the request carries.</summary>
public sealed class NoOperatorKeyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ManagementHost? _host;
    private ManagementClient? _client;

    public async Task InitializeAsync()
    {
        _host = await ManagementHost.StartAsync(azurite.ConnectionString, operatorKey: null, TestOrchestrations.Register);
        _client = new ManagementClient(_host.BaseAddress, ManagementFixture.Key);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_KeyNotConfigured_Returns503ProblemEvenWithAKey(string method, string path)
    {
        var response = await _client!.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null);

        var problem = response.AssertProblem(HttpStatusCode.ServiceUnavailable, "operator-key-not-configured");
        Assert.Contains("OperatorKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("OperatorKey", problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeyNotConfigured_StartsNothing()
    {
        var id = "tanpa-kunci-" + Guid.NewGuid().ToString("N")[..8];

        await _client!.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Greeting}?instanceId={id}", "\"Ani\"");

        // The hub's storage may not exist yet (nothing wrote to it); once it does, the id is still unknown.
        var services = _host!.App.Services;
        await services.EnsureDurableStorageAsync(CancellationToken.None);
        Assert.Null(await services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(id));
    }
}
