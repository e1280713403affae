using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>The client's control of instances, on Azurite.</summary>
public sealed class ClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Schedule_ExistingInstanceId_RefusedClearly()
    {
        await using var host = await StartAsync(Waiter);
        await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("programme-tangerang-2023"));

        var error = await Assert.ThrowsAsync<OrchestrationInstanceException>(() =>
            host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions("programme-tangerang-2023")));

        Assert.Equal(InstanceProblem.AlreadyExists, error.Problem);
        Assert.Contains("programme-tangerang-2023", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("what?")]
    [InlineData("")]
    public async Task Schedule_InvalidInstanceId_RefusedNamingTheRule(string id)
    {
        await using var host = await StartAsync(Waiter);

        var error = await Assert.ThrowsAsync<OrchestrationInstanceException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", options: new StartOrchestrationOptions(id)));

        Assert.Equal(InstanceProblem.InvalidId, error.Problem);
    }

    [Fact]
    public async Task Schedule_UnregisteredOrchestrator_RefusedNamingIt()
    {
        await using var host = await StartAsync(Waiter);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator"));

        Assert.Contains("NoSuchOrchestrator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_MissingInstance_ReportedNotDropped()
    {
        await using var host = await StartAsync(Waiter);

        var error = await Assert.ThrowsAsync<OrchestrationInstanceException>(() => host.Client.RaiseEventAsync("nobody", "Go"));

        Assert.Equal(InstanceProblem.NotFound, error.Problem);
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_ReportedNotDropped()
    {
        await using var host = await StartAsync(Waiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);
        await host.Client.RaiseEventAsync(id, "Go", 1);
        await host.WaitAsync(id);

        var error = await Assert.ThrowsAsync<OrchestrationInstanceException>(() => host.Client.RaiseEventAsync(id, "Go", 2));

        Assert.Equal(InstanceProblem.AlreadyFinished, error.Problem);
    }

    [Fact]
    public async Task Terminate_WaitingInstance_TerminatedWithReason()
    {
        await using var host = await StartAsync(Waiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("programme cancelled"));
        var done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("programme cancelled", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_Recursive_TerminatesRunningSubOrchestration()
    {
        await using var host = await StartAsync(r =>
        {
            Waiter(r);
            r.AddOrchestratorFunc<object?, int>("Parent", (context, _) => context.CallSubOrchestratorAsync<int>("Waiter", null, new SubOrchestrationOptions(context.InstanceId + "-child")));
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent");
        var child = id + "-child";
        Assert.True(await DurableTestHost.EventuallyAsync(async () => (await host.Client.GetInstanceAsync(child))?.RuntimeStatus == OrchestrationRuntimeStatus.Running), "the condition never held");

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.WaitAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.WaitAsync(child)).RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_AppliedOnlyAfterResume()
    {
        await using var host = await StartAsync(Waiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.SuspendInstanceAsync(id, "menunggu surat");
        Assert.True(await DurableTestHost.EventuallyAsync(async () => (await host.Client.GetInstanceAsync(id))!.RuntimeStatus == OrchestrationRuntimeStatus.Suspended), "the condition never held");
        await host.Client.RaiseEventAsync(id, "Go", 7);
        await Task.Delay(1000);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await host.Client.ResumeInstanceAsync(id);
        var done = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(7, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Purge_FinishedInstance_RemovesEverything()
    {
        await using var host = await StartAsync(Waiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);
        await host.Client.RaiseEventAsync(id, "Go", new string('x', 100_000));
        await host.WaitAsync(id);

        var result = await host.Client.PurgeInstanceAsync(id);

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        await Assert.ThrowsAsync<OrchestrationInstanceException>(() => host.Client.GetHistoryAsync(id));
    }

    [Fact]
    public async Task Query_ByStatusAndName_PagesThroughAll()
    {
        await using var host = await StartAsync(r =>
        {
            Waiter(r);
            r.AddOrchestratorFunc<int, int>("Quick", (_, n) => Task.FromResult(n));
        });
        var waiting = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            waiting.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter"));
        }

        var quick = await host.RunAsync("Quick", 1);
        foreach (var id in waiting)
        {
            await host.Client.WaitForInstanceStartAsync(id);
        }

        var running = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], Name = "Waiter", PageSize = 2 }))
        {
            running.Add(instance.InstanceId);
        }

        var firstPage = await host.Client.QueryInstancesAsync(new OrchestrationQuery { Name = "Waiter", PageSize = 2 });
        Assert.Equal(waiting.Order(), running.Order());
        Assert.Equal(2, firstPage.Instances.Count);
        Assert.NotNull(firstPage.ContinuationToken);
        Assert.DoesNotContain(quick.InstanceId, running);
    }

    [Fact]
    public async Task LargePayload_FiveMegabyteInput_RoundTripsThroughActivityAndOutput()
    {
        await using var host = await StartAsync(r => r
            .AddActivityFunc<string, int>("Measure", (_, text) => Task.FromResult(text.Length))
            .AddOrchestratorFunc<string, string>("Large", async (context, text) =>
            {
                var length = await context.CallActivityAsync<int>("Measure", text);
                return $"{length}:{text[^10..]}";
            }));
        var input = string.Concat(Enumerable.Repeat("batik-cap-", 500_000));

        var done = await host.RunAsync("Large", input);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal($"{input.Length}:{input[^10..]}", done.ReadOutputAs<string>());
        Assert.Equal(input, done.ReadInputAs<string>());
    }

    [Fact]
    public async Task GetInstance_CustomStatus_SaysTheStage()
    {
        await using var host = await StartAsync(r => r.AddOrchestratorFunc<object?, int>("Staged", async (context, _) =>
        {
            context.SetCustomStatus(new { stage = "menunggu surat kegiatan", waitingFor = "ActivityLetter" });
            return await context.WaitForExternalEvent<int>("Go");
        }));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Staged");

        Assert.True(await DurableTestHost.EventuallyAsync(async () => (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.SerializedCustomStatus is not null), "the condition never held");
        var status = (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadCustomStatusAs<Dictionary<string, string>>();

        Assert.Equal("ActivityLetter", status!["waitingFor"]);
    }

    [Fact]
    public async Task Reads_OnHubNeverWrittenTo_AnswerNothingThereInsteadOfStorageErrors()
    {
        await using var host = await StartAsync(Waiter);

        Assert.Null(await host.Client.GetInstanceAsync("belum-ada"));
        Assert.Empty((await host.Client.QueryInstancesAsync(new OrchestrationQuery())).Instances);
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync("belum-ada")).PurgedInstanceCount);
        var error = await Assert.ThrowsAsync<OrchestrationInstanceException>(() => host.Client.TerminateInstanceAsync("belum-ada"));
        Assert.Equal(InstanceProblem.NotFound, error.Problem);
    }

    [Fact]
    public async Task Terminate_ObjectOutput_StoredAsJsonOnce()
    {
        await using var host = await StartAsync(Waiter);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(id);

        await host.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions(new { reason = "MoU lapsed", by = "coordinator" }));
        var done = await host.WaitAsync(id);

        Assert.Equal("MoU lapsed", done.ReadOutputAs<Dictionary<string, string>>()!["reason"]);
    }

    [Fact]
    public async Task GetStatistics_RunningAndCompletedInstances_CountedWithQueueDepths()
    {
        await using var host = await StartAsync(Waiter);
        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        var finished = await host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter");
        await host.Client.WaitForInstanceStartAsync(waiting);
        await host.Client.WaitForInstanceStartAsync(finished);
        await host.Client.RaiseEventAsync(finished, "Go", 1);
        await host.WaitAsync(finished);

        var statistics = await host.Client.GetStatisticsAsync();

        Assert.Equal(1, statistics.InstancesByStatus[OrchestrationRuntimeStatus.Running]);
        Assert.Equal(1, statistics.InstancesByStatus[OrchestrationRuntimeStatus.Completed]);
        Assert.Equal(4, statistics.QueueDepths.Count);
        Assert.Contains(statistics.QueueDepths.Keys, k => k.EndsWith("-orchestrations-poison", StringComparison.Ordinal));
    }

    private static void Waiter(DurableTaskRegistry registry) =>
        registry.AddOrchestratorFunc<object?, int>("Waiter", (context, _) => context.WaitForExternalEvent<int>("Go"));

    private Task<DurableTestHost> StartAsync(Action<DurableTaskRegistry> register) =>
        DurableTestHost.StartAsync(azurite.ConnectionString, UniqueName.ForTable("c"), register);
}
