using System.Diagnostics;
using IkmaWorkflow.Testing;
using Xunit.Abstractions;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>Two app processes on one storage account and task hub share the work without committing anything twice.</summary>
public sealed class TwoProcessTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TwoHostsOneTaskHub_ThirtySixInstances_BothDoWorkAndEachEventCommittedOnce()
    {
        await using var hub = TaskHub.Create(azurite.ConnectionString);
        var hosts = await Task.WhenAll(hub.StartHostAsync("a"), hub.StartHostAsync("b"));
        var planned = Workload.ChainsAndFanOuts(36);
        var watch = Stopwatch.StartNew();

        await hub.ScheduleAsync(planned);
        await hub.WaitForAllAsync(planned, TimeSpan.FromSeconds(120), hosts);

        var logs = hosts.Select(hub.ReadLog).ToList();
        await hub.VerifyAsync(planned, logs);
        for (var i = 0; i < hosts.Length; i++)
        {
            Assert.True(logs[i].Commits.Count > 0, $"Host {hosts[i].Name} committed no episode. {hosts[i].Describe()}");
            Assert.True(logs[i].Finished.Count > 0, $"Host {hosts[i].Name} ran no activity. {hosts[i].Describe()}");
            Assert.Empty(logs[i].Crashes);
            output.WriteLine(
                $"Host {hosts[i].Name}: episodes of {logs[i].Commits.Distinct().Count()} instances, {logs[i].Commits.Count} commits, " +
                $"{logs[i].Conflicts.Count} commit conflicts replayed, {logs[i].Finished.Count} activity runs.");
        }

        output.WriteLine($"{planned.Count} instances done in {watch.Elapsed.TotalSeconds:0.0} s.");
    }
}
