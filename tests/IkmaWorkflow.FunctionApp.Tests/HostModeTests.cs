using System.Net;
using System.Net.Sockets;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>One app started as the Functions host starts a custom handler, with a private Azurite, for a test class.</summary>
public sealed class HostModeAppFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;
    private AppProcess? _app;

    internal AppProcess App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The address the host calls: <c>http://127.0.0.1:{FUNCTIONS_CUSTOMHANDLER_PORT}/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The <c>Standalone__HttpPort</c> the app was also given, which host mode must not listen on.</summary>
    public int StandalonePort { get; private set; }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        var ports = FreePort.Next(2);
        Address = AppHttp.Loopback(ports[0]);
        StandalonePort = ports[1];
        _app = AppProcess.StartBuilt(FunctionAppBuild.HostSettings(_azurite.ConnectionString, ports[0], ports[1]));
        await _app.WaitUntilReadyAsync(Address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>The built app under the Functions host's contract: readiness, invocations and proxied HTTP on one port.</summary>
public sealed class HostModeTests(HostModeAppFixture fixture) : IClassFixture<HostModeAppFixture>
{
    [Fact]
    public async Task Readiness_GetRoot_Answers200Json()
    {
        var response = await AppHttp.GetAsync(fixture.Address, "/");

        var body = response.AssertStatus(HttpStatusCode.OK, fixture.App).Json();
        Assert.Equal(System.Text.Json.JsonValueKind.Object, body.ValueKind);
    }

    [Fact]
    public async Task Health_ProxiedRequest_ReportsFunctionsHostMode()
    {
        // With enableProxyingHttpRequest the host forwards /api/health to the handler's port unchanged.
        var response = await AppHttp.GetAsync(fixture.Address, "api/health");

        var report = response.AssertStatus(HttpStatusCode.OK, fixture.App).Json();
        Assert.Equal("functions-host", report.GetProperty("mode").GetString());
        Assert.Equal("healthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invoke_HttpFunctionName_Answers404WithLogs()
    {
        // HTTP functions are proxied, never invoked: an invocation of Health is a function this protocol does not have.
        var response = await AppHttp.PostJsonAsync(fixture.Address, "Health", """{"Data":{},"Metadata":{}}""");

        var body = response.AssertStatus(HttpStatusCode.NotFound, fixture.App).Json();
        var logs = body.GetProperty("Logs");
        Assert.NotEqual(0, logs.GetArrayLength());
        Assert.Contains("Health", logs[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_Answers404Json()
    {
        var response = await AppHttp.PostJsonAsync(fixture.Address, "NoSuch", """{"Data":{},"Metadata":{}}""");

        var body = response.AssertStatus(HttpStatusCode.NotFound, fixture.App).Json();
        Assert.Contains("NoSuch", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_EachTriggerFunctionFolder_IsRegistered()
    {
        var triggered = FunctionAppBuild.FunctionDirectories(FunctionAppBuild.OutputDirectory)
            .Where(d => !FunctionAppBuild.IsType(FunctionAppBuild.Trigger(d), "httpTrigger"))
            .Select(Path.GetFileName)
            .ToList();

        foreach (var name in triggered)
        {
            // A body that is not an invocation request is refused (400) only once the function is found, so a
            // registered function is told apart from a missing one (404) without running it.
            var response = await AppHttp.PostJsonAsync(fixture.Address, name!, "{");

            Assert.True(response.Status == HttpStatusCode.BadRequest, $"POST /{name} answered {(int)response.Status}: {response.Body}");
        }
    }

    [Fact]
    public async Task Listen_HostMode_IgnoresStandalonePort()
    {
        // Core Tools itself listens on 7071, the standalone default, while it runs the handler: binding it too would clash.
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, fixture.StandalonePort));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(fixture.App.HasExited, fixture.App.Describe());
    }
}
