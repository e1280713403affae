using System.Net;
using System.Text.Json;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests;

/// <summary>The built host run with a storage account that refuses every connection.</summary>
public sealed class UnreachableStorageTests
{
    private static readonly string[] StorageServices = ["blobs", "queues", "tables"];

    [Fact]
    public async Task Health_StorageGoesAwayWhileRunning_Answers503WithAnErrorPerServiceAndKeepsRunning()
    {
        var azurite = await AzuriteInstance.StartAsync();
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start("host losing its storage", HostBuild.Settings(azurite.ConnectionString, FreePort.Next(), HostBuild.NewHub("outage")));
            await host.WaitUntilReadyAsync();
            (await HostHttp.GetAsync(host, "api/health")).AssertStatus(HttpStatusCode.OK);
            await Eventually.TrueAsync(() => host.WorkerId is not null, () => $"The durable engine did not start.{Environment.NewLine}{host.Describe()}", TimeSpan.FromSeconds(60));

            await azurite.DisposeAsync();
            var response = await HostHttp.GetAsync(host, "api/health");

            AssertUnhealthy(response);

            // An outage must not take the host down: its engine's lease renewals and its triggers' polls fail meanwhile,
            // and it still answers, the same way, a partition lease later.
            var renewalsFailedFor = TimeSpan.FromSeconds(45);
            var lastAnswer = DateTime.UtcNow + renewalsFailedFor;
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(host.HasExited, $"The host exited while its storage was unreachable.{Environment.NewLine}{host.Describe()}");
                    AssertUnhealthy(await HostHttp.GetAsync(host, "api/health"));
                    return DateTime.UtcNow >= lastAnswer;
                },
                () => host.Describe(),
                renewalsFailedFor + TimeSpan.FromSeconds(60),
                TimeSpan.FromSeconds(5));
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_StorageUnreachableAtStart_Answers503WithAnErrorPerServiceAndKeepsRunning()
    {
        await using var host = HostProcess.Start("host started on unreachable storage", HostBuild.Settings(HostBuild.UnreachableStorage(), FreePort.Next(), HostBuild.NewHub("down")));
        await host.WaitUntilReadyAsync();

        AssertUnhealthy(await HostHttp.GetAsync(host, "api/health"));

        Assert.False(host.HasExited, host.Describe());
        AssertUnhealthy(await HostHttp.GetAsync(host, "api/health"));
        Assert.False(host.HasExited, host.Describe());
    }

    private static void AssertUnhealthy(HostResponse response)
    {
        var report = response.AssertStatus(HttpStatusCode.ServiceUnavailable).Json();
        Assert.Equal("unhealthy", report.GetProperty("status").GetString());
        foreach (var service in StorageServices)
        {
            var health = report.GetProperty("storage").GetProperty(service);
            Assert.False(health.GetProperty("reachable").GetBoolean(), $"{service} reported reachable: {response.Body}");
            Assert.False(string.IsNullOrWhiteSpace(health.GetProperty("error").GetString()), $"{service} has no error: {response.Body}");
        }

        Assert.Equal(JsonValueKind.Null, report.GetProperty("durable").ValueKind);
    }
}
