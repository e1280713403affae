using System.Net;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>The built app run standalone with a storage account that refuses every connection.</summary>
public sealed class UnreachableStorageTests
{
    [Fact]
    public async Task Health_StorageUnreachable_Answers503WithAnErrorPerServiceAndKeepsRunning()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(FunctionAppBuild.StandaloneSettings(FunctionAppBuild.UnreachableStorage(), port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        var response = await AppHttp.GetAsync(AppHttp.Loopback(port), "api/health");

        var report = response.AssertStatus(HttpStatusCode.ServiceUnavailable, app).Json();
        Assert.Equal("unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("standalone", report.GetProperty("mode").GetString());
        foreach (var service in new[] { "blobs", "queues", "tables" })
        {
            var health = report.GetProperty("storage").GetProperty(service);
            Assert.False(health.GetProperty("reachable").GetBoolean(), $"{service} reported reachable: {response.Body}");
            Assert.False(string.IsNullOrWhiteSpace(health.GetProperty("error").GetString()), $"{service} has no error: {response.Body}");
        }

        // An outage must not take the app down: it still answers, and answers the next health check the same way.
        Assert.False(app.HasExited, app.Describe());
        (await AppHttp.GetAsync(AppHttp.Loopback(port), "/")).AssertStatus(HttpStatusCode.OK, app);
        (await AppHttp.GetAsync(AppHttp.Loopback(port), "api/health")).AssertStatus(HttpStatusCode.ServiceUnavailable, app);
    }
}
