using System.Collections.Concurrent;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Programmes.WakeUps;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.Programmes.Tests.Orchestrations;

/// <summary>
/// <see cref="ProgrammeOrchestration"/> on Microsoft's in-memory engine with stub activities, the real wake-up store on
/// Azurite and a fake app clock: generations, wake-ups, signals and versions as the engine replays them.
/// </summary>
public sealed class ProgrammeOrchestrationHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Morning = new(2024, 7, 15, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_OnTheEngine_RemindsOnWakeUpMovesOnSignalCertifiesAndCompletesInFollowUp()
    {
        var programme = new StubProgramme();
        await using var host = await programme.StartAsync(azurite.Azurite);
        var signals = new ProgrammeSignals(host.Client, NullLogger<ProgrammeSignals>.Instance);
        var instanceId = ProgrammeSignals.InstanceIdOf("prg-1");

        await signals.StartAsync("prg-1", CancellationToken.None);
        var first = await host.WaitingAsync(instanceId);
        Assert.Equal(Morning.AddDays(7), first.DueAt);

        // A week and a day on the app's clock: the deadline check wakes it, and the next generation waits again.
        host.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, (await host.CheckDeadlinesAsync()).Raised);
        var second = await host.WaitingAsync(instanceId, r => r.Token != first.Token);
        Assert.Equal(Morning.AddDays(15), second.DueAt);

        // The closing report moves the programme to Certifying and signals it.
        programme.Stage = ProgrammeStage.Certifying;
        await signals.StageChangedAsync("prg-1", CancellationToken.None);
        var done = await host.CompletedAsync(instanceId);

        Assert.Equal((OrchestrationRuntimeStatus.Completed, "FollowUp"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        Assert.Equal("FollowUp", done.ReadCustomStatusAs<ProgrammeStatus>()!.Stage);
        Assert.Equal(new ProgrammeProgress("prg-1", "Certifying", 0, ProgrammeOrchestration.CurrentVersion), done.ReadInputAs<ProgrammeProgress>());
        Assert.Equal(["StageChanged AwaitingPlan 0", "Reminder AwaitingPlan 1", "StageChanged Certifying 0", "StageChanged FollowUp 0"], programme.Notices);
        Assert.Equal(["p-a", "p-b"], programme.Issued.Order());

        // The wake-up the stage change made stale is deleted by the next check, without waking anything.
        host.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(new WakeUpScanResult(1, 0, 1, 0), await host.CheckDeadlinesAsync());

        // A late signal to the finished orchestration neither fails nor starts it again.
        await signals.StageChangedAsync("prg-1", CancellationToken.None);
        await signals.StartAsync("prg-1", CancellationToken.None);
        var after = await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, done.LastUpdatedAt), (after!.RuntimeStatus, after.LastUpdatedAt));
    }

    [Fact]
    public async Task RunAsync_VersionOneGenerationInFlight_CompletesItsOldShapeAndTheNextGenerationRunsVersionTwo()
    {
        var programme = new StubProgramme();
        await using var host = await programme.StartAsync(azurite.Azurite);
        var instanceId = ProgrammeSignals.InstanceIdOf("prg-1");

        // Started before version 2 existed: its input carries version 1 and it already waits in AwaitingPlan.
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProgrammeOrchestration), new ProgrammeProgress("prg-1", "AwaitingPlan", 0, Version: 1), new StartOrchestrationOptions(instanceId));
        var first = await host.WaitingAsync(instanceId);

        host.Clock.Advance(TimeSpan.FromDays(8));
        await host.CheckDeadlinesAsync();
        var second = await host.WaitingAsync(instanceId, r => r.Token != first.Token);

        // Version 1 reminded straight after its wake-up: one read for its generation, one for the next.
        Assert.Equal(["Reminder AwaitingPlan 1"], programme.Notices);
        Assert.Equal(2, programme.Reads);
        var running = await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal(new ProgrammeProgress("prg-1", "AwaitingPlan", 1, ProgrammeOrchestration.CurrentVersion), running!.ReadInputAs<ProgrammeProgress>());

        // Version 2 reads the programme again before it reminds.
        host.Clock.Advance(TimeSpan.FromDays(8));
        await host.CheckDeadlinesAsync();
        await host.WaitingAsync(instanceId, r => r.Token != second.Token);

        Assert.Equal(["Reminder AwaitingPlan 1", "Reminder AwaitingPlan 2"], programme.Notices);
        Assert.Equal(4, programme.Reads);
    }

    /// <summary>The programme's records as the stub activities see and change them.</summary>
    private sealed class StubProgramme
    {
        private readonly ConcurrentQueue<string> _notices = new();
        private readonly ConcurrentQueue<string> _issued = new();
        private int _reads;

        public ProgrammeStage Stage { get; set; } = ProgrammeStage.AwaitingPlan;

        public List<string> Notices => [.. _notices];

        public List<string> Issued => [.. _issued];

        public int Reads => Volatile.Read(ref _reads);

        public Task<WorkflowHost> StartAsync(AzuriteInstance azurite) => WorkflowHost.StartAsync(azurite, Morning, registry =>
        {
            registry.AddActivityFunc<string, ProgrammeSnapshot>(nameof(ReadProgramme), (_, id) =>
            {
                Interlocked.Increment(ref _reads);
                return new ProgrammeSnapshot("Bimtek Batik 2024", Stage, null, TimeSpan.FromDays(7), 2);
            });
            registry.AddActivityFunc<ProgrammeNotice, bool>(nameof(NotifyProgramme), (_, notice) =>
            {
                _notices.Enqueue($"{notice!.Kind} {notice.Stage} {notice.Number}");
                return true;
            });
            registry.AddActivityFunc<string, Qualification>(nameof(ListQualifyingParticipants), (_, _) => new Qualification(["p-a", "p-b"], 1));
            registry.AddActivityFunc<CertificateRequest, CertificateSummary>(nameof(IssueCertificate), (_, request) =>
            {
                _issued.Enqueue(request!.ParticipantId);
                return new CertificateSummary("WUB-" + request.ParticipantId, "B. S.");
            });
            registry.AddActivityFunc<CertificateBatch, bool>(nameof(NotifyCertificates), (_, _) => true);
            registry.AddActivityFunc<string, string>(nameof(CompleteCertification), (_, _) =>
            {
                Stage = ProgrammeStage.FollowUp;
                return "FollowUp";
            });
        });
    }
}
