using IkmaWorkflow.Testing;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>Orchestrator versions side by side, and the non-determinism guard, across app restarts.</summary>
public sealed class VersioningTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task NewVersionDeployed_RunningInstanceKeepsItsVersion_NewInstanceGetsNewest()
    {
        var hub = UniqueName.ForTable("v");
        string oldInstance;
        await using (var before = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r.AddOrchestratorFunc<object?, string>(new TaskName("Programme", "1"), ProgrammeV1)))
        {
            oldInstance = await before.Client.ScheduleNewOrchestrationInstanceAsync("Programme");
            await before.Client.WaitForInstanceStartAsync(oldInstance);
            Assert.Equal("1", (await before.Client.GetInstanceAsync(oldInstance))!.Version);
        }

        await using var after = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddOrchestratorFunc<object?, string>(new TaskName("Programme", "1"), ProgrammeV1)
            .AddOrchestratorFunc<object?, string>(new TaskName("Programme", "2"), ProgrammeV2));
        var newInstance = await after.Client.ScheduleNewOrchestrationInstanceAsync("Programme");
        await after.Client.WaitForInstanceStartAsync(newInstance);

        await after.Client.RaiseEventAsync(oldInstance, "Letter", "B-535");
        await after.Client.RaiseEventAsync(newInstance, "Letter", "B-600");

        Assert.Equal("v1:B-535", (await after.WaitAsync(oldInstance)).ReadOutputAs<string>());
        var done = await after.WaitAsync(newInstance);
        Assert.Equal("2", done.Version);
        Assert.Equal("v2:B-600", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CodeChangedWithoutNewVersion_ReplayFailsNamingExpectedAndActualStep()
    {
        var hub = UniqueName.ForTable("n");
        string id;
        await using (var before = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddActivityFunc<object?, bool>("NotifyCoordinators", (_, _) => Task.FromResult(true))
            .AddActivityFunc<object?, bool>("IssueCertificate", (_, _) => Task.FromResult(true))
            .AddOrchestratorFunc<object?, bool>("Closing", async (context, _) =>
            {
                await context.CallActivityAsync<bool>("NotifyCoordinators");
                return await context.WaitForExternalEvent<bool>("Go");
            })))
        {
            id = await before.Client.ScheduleNewOrchestrationInstanceAsync("Closing");
            Assert.True(await DurableTestHost.EventuallyAsync(async () => (await before.Client.GetHistoryAsync(id)).OfType<History.TaskCompleted>().Any()), "the condition never held");
        }

        await using var after = await DurableTestHost.StartAsync(azurite.ConnectionString, hub, r => r
            .AddActivityFunc<object?, bool>("NotifyCoordinators", (_, _) => Task.FromResult(true))
            .AddActivityFunc<object?, bool>("IssueCertificate", (_, _) => Task.FromResult(true))
            .AddOrchestratorFunc<object?, bool>("Closing", async (context, _) =>
            {
                await context.CallActivityAsync<bool>("IssueCertificate");
                return await context.WaitForExternalEvent<bool>("Go");
            }));
        await after.Client.RaiseEventAsync(id, "Go", true);
        var done = await after.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("CallActivity(\"NotifyCoordinators\")", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CallActivity(\"IssueCertificate\")", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private static async Task<string> ProgrammeV1(TaskOrchestrationContext context, object? input) =>
        "v1:" + await context.WaitForExternalEvent<string>("Letter");

    private static async Task<string> ProgrammeV2(TaskOrchestrationContext context, object? input) =>
        "v2:" + await context.WaitForExternalEvent<string>("Letter");
}
