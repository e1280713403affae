using IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Orchestrator and activity functions run on the standalone host as on Durable Functions; one private Azurite, one task hub per test.</summary>
public sealed class OrchestrationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ActivityChain_ThreeCities_ReturnsGreetingsInOrder()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChainOrchestrator.DurableChain), new ChainInput(["Tokyo", "Seattle", "London"]));
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task ExternalEvent_RaisedWhileWaiting_CompletesWithItsPayload()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator.DurableApproval), "enrolment");
        await Eventually.TrueAsync(
            async () => (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.SerializedCustomStatus?.Contains("Waiting", StringComparison.Ordinal) == true,
            () => $"{id} never waited for its event",
            Timeout);
        await host.Client.RaiseEventAsync(id, ApprovalOrchestrator.ApprovalEvent, new Approval("coordinator"));
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("enrolment approved by coordinator", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task DurableTimer_ThreeSeconds_FiresWithinTheQueuesWholeSecondOfItsDueTime()
    {
        await using var host = await StartAsync();

        var started = DateTime.UtcNow;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator.DurableTimer), 3);
        var done = await host.WaitForCompletionAsync(id, Timeout);

        // The engine makes the timer message invisible for (due - now) truncated to whole seconds, the queue's
        // resolution, so a timer fires up to a second early, here as on Durable Functions on Azure Storage.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.InRange(done.ReadOutputAs<double>(), 2, 60);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "The instance finished long before its timer was due.");
    }

    [Fact]
    public async Task FanOut_HundredActivities_SumsEveryResult()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator.DurableFanOut), 100);
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 100).Sum(i => (long)i * i), done.ReadOutputAs<long>());
    }

    [Fact]
    public async Task ContinueAsNew_CountingToLimit_CompletesWithLimitInLastExecution()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CounterOrchestrator.DurableCounter), 0);
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(CounterOrchestrator.Limit, done.ReadOutputAs<int>());
        Assert.Equal((CounterOrchestrator.Limit - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), done.SerializedInput);
    }

    [Fact]
    public async Task FailingActivity_WithRetryPolicy_RetriesThenOrchestratorCatchesTaskFailedException()
    {
        await using var host = await StartAsync();
        var attempts = host.Services.GetRequiredService<AttemptCounter>();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator.DurableRetry));
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(RetryOrchestrator.MaxAttempts, attempts.Count(id));
        Assert.Equal(
            $"{nameof(FailingActivity.DurableAlwaysFails)}|{typeof(InvalidOperationException).FullName}|Attempt {RetryOrchestrator.MaxAttempts} failed on purpose.",
            done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task InstanceActivity_WithServices_UsesTheHostsRegistrations()
    {
        await using var host = await StartAsync(services => services.AddSingleton(new Greeter("Selamat pagi")));
        var calls = host.Services.GetRequiredService<AttemptCounter>();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GreetingOrchestrator.DurableGreeting), "Budi");
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Selamat pagi, Budi", done.ReadOutputAs<string>());
        Assert.Equal(1, calls.Count("Budi"));
    }

    [Fact]
    public async Task Orchestrator_Throws_FailsWithTheExceptionsTypeAndMessageAsOutput()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThrowingOrchestrator.DurableThrowing));
        var done = await host.WaitForCompletionAsync(id, Timeout);

        // As on Durable Functions over Azure Storage: the engine keeps a failure as the instance's output text;
        // the gRPC status carries no separate FailureDetails.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.StartsWith($"{typeof(InvalidOperationException).FullName}: {ThrowingOrchestrator.Message}", done.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_FiveMegabyteOutput_ReachesTheOrchestratorWhole()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LargePayloadOrchestrator.DurableLargePayload), 5);
        var done = await host.WaitForCompletionAsync(id, Timeout);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.SerializedOutput}");
        Assert.Equal(5 * 1024 * 1024, done.ReadOutputAs<int>());
    }

    private Task<DurableTestHost> StartAsync(Action<IServiceCollection>? configure = null) =>
        DurableTestHost.StartAsync(azurite.ConnectionString, DurableTestHost.Settings(UniqueName.ForTable("orch")), configure);
}
