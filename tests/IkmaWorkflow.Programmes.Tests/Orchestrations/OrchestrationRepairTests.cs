using System.Collections.Concurrent;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Tests.Notifications;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.Programmes.Tests.Orchestrations;

/// <summary>
/// <see cref="OrchestrationRepair"/> on Microsoft's in-memory engine with the records on Azurite: a missing, failed or
/// signal-deaf instance is brought up, and nothing is started twice.
/// </summary>
public sealed class OrchestrationRepairTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Morning = new(2024, 7, 15, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_ProgrammeInstanceFailed_StartsItAgainFromItsInput()
    {
        var programme = new StubProgramme { FailReads = 1 };
        await using var host = await programme.StartAsync(azurite.Azurite);
        await StoreProgrammeAsync(host, "prg-1", ProgrammeStage.AwaitingPlan);
        var instanceId = ProgrammeSignals.InstanceIdOf("prg-1");

        // Its first read fails for good (a storage outage longer than the activity's retries): the instance fails.
        await new ProgrammeSignals(host.Client, NullLogger<ProgrammeSignals>.Instance).StartAsync("prg-1", CancellationToken.None);
        await host.WaitForAsync(instanceId, i => i.RuntimeStatus == OrchestrationRuntimeStatus.Failed, "failed");

        var logs = new CollectingLogger<OrchestrationRepair>();
        var result = await Repair(host, logs).RunAsync(host.Client, CancellationToken.None);

        Assert.Equal(new OrchestrationRepairResult(1, 0, 1, 0, 0), result);
        await host.WaitForAsync(instanceId, i => i.RuntimeStatus == OrchestrationRuntimeStatus.Running && i.ReadCustomStatusAs<ProgrammeStatus>()?.Stage == "AwaitingPlan", "running again at AwaitingPlan");
        Assert.Equal(["StageChanged AwaitingPlan 0"], programme.Notices);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4132 && e.Message.Contains(instanceId, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4130);

        // Running now: the next pass leaves it alone.
        Assert.Equal(new OrchestrationRepairResult(1, 0, 0, 0, 0), await Repair(host, logs).RunAsync(host.Client, CancellationToken.None));
    }

    [Fact]
    public async Task RepairAsync_TwoProgrammeInstancesFailed_StartsOnlyTheOneNamedAgain()
    {
        var programme = new StubProgramme { FailReads = 2 };
        await using var host = await programme.StartAsync(azurite.Azurite);
        await StoreProgrammeAsync(host, "prg-1", ProgrammeStage.AwaitingPlan);
        await StoreProgrammeAsync(host, "prg-2", ProgrammeStage.AwaitingPlan);
        var signals = new ProgrammeSignals(host.Client, NullLogger<ProgrammeSignals>.Instance);
        await signals.StartAsync("prg-1", CancellationToken.None);
        await host.WaitForAsync(ProgrammeSignals.InstanceIdOf("prg-1"), i => i.RuntimeStatus == OrchestrationRuntimeStatus.Failed, "failed");
        await signals.StartAsync("prg-2", CancellationToken.None);
        await host.WaitForAsync(ProgrammeSignals.InstanceIdOf("prg-2"), i => i.RuntimeStatus == OrchestrationRuntimeStatus.Failed, "failed");
        var logs = new CollectingLogger<OrchestrationRepair>();

        var result = await Repair(host, logs).RepairAsync(host.Client, ProgrammeSignals.InstanceIdOf("prg-2"), CancellationToken.None);

        Assert.Equal(new OrchestrationRepairResult(1, 0, 1, 0, 0), result);
        await host.WaitForAsync(ProgrammeSignals.InstanceIdOf("prg-2"), i => i.RuntimeStatus == OrchestrationRuntimeStatus.Running && i.ReadCustomStatusAs<ProgrammeStatus>()?.Stage == "AwaitingPlan", "running again at AwaitingPlan");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf("prg-1")))!.RuntimeStatus);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4132 && e.Message.Contains("programme-prg-2", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("programme-prg-1", StringComparison.Ordinal));

        // Running now, and an id no record the pass checks has: nothing is done.
        Assert.Equal(new OrchestrationRepairResult(1, 0, 0, 0, 0), await Repair(host).RepairAsync(host.Client, ProgrammeSignals.InstanceIdOf("prg-2"), CancellationToken.None));
        Assert.Equal(new OrchestrationRepairResult(0, 0, 0, 0, 0), await Repair(host).RepairAsync(host.Client, ProgrammeSignals.InstanceIdOf("prg-none"), CancellationToken.None));
        Assert.Equal(new OrchestrationRepairResult(0, 0, 0, 0, 0), await Repair(host).RepairAsync(host.Client, "something-else", CancellationToken.None));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf("prg-1")))!.RuntimeStatus);
    }

    [Fact]
    public async Task RunAsync_StageChangedSignalLost_SignalsItAgainOnce()
    {
        var programme = new StubProgramme();
        await using var host = await programme.StartAsync(azurite.Azurite);
        await StoreProgrammeAsync(host, "prg-1", ProgrammeStage.AwaitingPlan);
        var instanceId = ProgrammeSignals.InstanceIdOf("prg-1");
        await new ProgrammeSignals(host.Client, NullLogger<ProgrammeSignals>.Instance).StartAsync("prg-1", CancellationToken.None);
        await host.WaitingAsync(instanceId);

        // The plan is stored (Enrolling), and its signal never reaches the orchestration.
        programme.Stage = ProgrammeStage.Enrolling;
        await StoreProgrammeAsync(host, "prg-1", ProgrammeStage.Enrolling);
        var logs = new CollectingLogger<OrchestrationRepair>();

        Assert.Equal(new OrchestrationRepairResult(1, 0, 0, 1, 0), await Repair(host, logs).RunAsync(host.Client, CancellationToken.None));
        await host.WaitForAsync(instanceId, i => i.ReadCustomStatusAs<ProgrammeStatus>()?.Stage == "Enrolling", "at Enrolling");
        Assert.Equal(["StageChanged AwaitingPlan 0", "StageChanged Enrolling 0"], programme.Notices);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4133 && e.Level == LogLevel.Warning);
        Assert.Equal(new OrchestrationRepairResult(1, 0, 0, 0, 0), await Repair(host, logs).RunAsync(host.Client, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_CalendarMovedTheStage_DoesNotSignal()
    {
        // Stored Scheduled, the week has begun (InTraining on the calendar), the orchestration still says Scheduled:
        // its own wake-up moves it, not a lost signal.
        var programme = new StubProgramme { Stage = ProgrammeStage.Scheduled };
        await using var host = await programme.StartAsync(azurite.Azurite);
        await StoreProgrammeAsync(host, "prg-1", ProgrammeStage.Scheduled, start: DateOnly.FromDateTime(Morning.UtcDateTime).AddDays(-1));
        await new ProgrammeSignals(host.Client, NullLogger<ProgrammeSignals>.Instance).StartAsync("prg-1", CancellationToken.None);
        await host.WaitingAsync(ProgrammeSignals.InstanceIdOf("prg-1"));

        Assert.Equal(new OrchestrationRepairResult(1, 0, 0, 0, 0), await Repair(host).RunAsync(host.Client, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_RecordsWithoutInstances_StartsEachOnceAndLeavesTheRest()
    {
        var programme = new StubProgramme();
        await using var host = await programme.StartAsync(azurite.Azurite);
        await StoreProgrammeAsync(host, "prg-missing", ProgrammeStage.AwaitingPlan);
        await StoreProgrammeAsync(host, "prg-done", ProgrammeStage.FollowUp, stageSince: Morning.AddDays(-90));
        await StoreProgrammeAsync(host, "prg-stopped", ProgrammeStage.Enrolling);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProgrammeOrchestration), ProgrammeProgress.Start("prg-stopped"), new StartOrchestrationOptions(ProgrammeSignals.InstanceIdOf("prg-stopped")));
        await host.WaitingAsync(ProgrammeSignals.InstanceIdOf("prg-stopped"));
        await host.Client.TerminateInstanceAsync(ProgrammeSignals.InstanceIdOf("prg-stopped"));
        await host.WaitForAsync(ProgrammeSignals.InstanceIdOf("prg-stopped"), i => i.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, "terminated");

        var checkpoint = new FollowUpCheckpoint("prg-missing", "p-1", 1);
        await host.Store.Programmes.AddEntityAsync(new FollowUpEntity { PartitionKey = "prg-missing", RowKey = checkpoint.RowKey, Months = 1, DueDate = "2024-07-15", Status = CheckpointStatus.Requested });
        await host.Store.Programmes.AddEntityAsync(new FollowUpEntity { PartitionKey = "prg-missing", RowKey = FollowUpEntity.RowFor("p-1", 6), Months = 6, DueDate = "2024-12-15", Status = CheckpointStatus.Scheduled });
        await host.Store.Mous.AddEntityAsync(Mou("mou-current", "2026-06-30"));
        await host.Store.Mous.AddEntityAsync(Mou("mou-expired", "2023-06-30"));

        var logs = new CollectingLogger<OrchestrationRepair>();
        var result = await Repair(host, logs).RunAsync(host.Client, CancellationToken.None);

        // prg-done ended long ago and the expired MoU and the Scheduled checkpoint are not checked; prg-stopped is left.
        Assert.Equal(new OrchestrationRepairResult(4, 3, 0, 0, 0), result);
        Assert.Equal(3, result.Repaired);
        await host.WaitingAsync(ProgrammeSignals.InstanceIdOf("prg-missing"));
        await host.WaitingAsync(checkpoint.InstanceId);
        await host.WaitingAsync(MouOrchestration.InstanceIdOf("mou-current"));
        Assert.Null(await host.Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf("prg-done")));
        Assert.Null(await host.Client.GetInstanceAsync(MouOrchestration.InstanceIdOf("mou-expired")));
        Assert.Null(await host.Client.GetInstanceAsync(new FollowUpCheckpoint("prg-missing", "p-1", 6).InstanceId));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await host.Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf("prg-stopped")))!.RuntimeStatus);
        Assert.Equal(3, logs.Entries.Count(e => e.EventId.Id == 4131));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 4134 && e.Message.Contains("prg-stopped", StringComparison.Ordinal));

        // Idempotent: a second pass starts nothing.
        Assert.Equal(new OrchestrationRepairResult(4, 0, 0, 0, 0), await Repair(host).RunAsync(host.Client, CancellationToken.None));
    }

    private static OrchestrationRepair Repair(WorkflowHost host, ILogger<OrchestrationRepair>? logger = null) =>
        new(host.Store, new FollowUpOptions(), host.Clock, logger ?? NullLogger<OrchestrationRepair>.Instance);

    private static async Task StoreProgrammeAsync(WorkflowHost host, string id, ProgrammeStage stage, DateOnly? start = null, DateTimeOffset? stageSince = null) =>
        await host.Store.Programmes.UpsertEntityAsync(new ProgrammeEntity
        {
            PartitionKey = id,
            Title = "Bimtek Batik 2024",
            FacilityId = "lapas-cipinang",
            CoordinatorUnitId = "dg-ikma",
            Year = 2024,
            Stage = stage.ToString(),
            StageSince = stageSince ?? Morning,
            StartDate = start?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            EndDate = start?.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

    private static MouEntity Mou(string id, string validUntil) => new()
    {
        RowKey = id,
        Number = id,
        Title = "MoU",
        PartyIds = "dg-ikma,ditjenpas",
        SignedOn = "2021-06-01",
        ValidFrom = "2021-07-01",
        ValidUntil = validUntil,
    };

    /// <summary>The programme as the stub activities see it, and the emails the orchestrations would send.</summary>
    private sealed class StubProgramme
    {
        private readonly ConcurrentQueue<string> _notices = new();
        private int _failReads;

        public ProgrammeStage Stage { get; set; } = ProgrammeStage.AwaitingPlan;

        public int FailReads
        {
            get => Volatile.Read(ref _failReads);
            init => _failReads = value;
        }

        public List<string> Notices => [.. _notices];

        public Task<WorkflowHost> StartAsync(AzuriteInstance azurite) => WorkflowHost.StartAsync(azurite, Morning, registry =>
        {
            registry.AddOrchestratorFunc<MouWatch, string>(nameof(MouOrchestration), (context, input) => new MouOrchestration().RunAsync(context, input!));
            registry.AddActivityFunc<string, ProgrammeSnapshot>(nameof(ReadProgramme), (_, _) =>
                Interlocked.Decrement(ref _failReads) >= 0
                    ? throw new InvalidOperationException("Table storage unavailable.")
                    : new ProgrammeSnapshot("Bimtek Batik 2024", Stage, null, TimeSpan.FromDays(7), 2));
            registry.AddActivityFunc<ProgrammeNotice, bool>(nameof(NotifyProgramme), (_, notice) =>
            {
                _notices.Enqueue($"{notice!.Kind} {notice.Stage} {notice.Number}");
                return true;
            });
            registry.AddActivityFunc<FollowUpCheckpoint, FollowUpNotice>(nameof(RequestFollowUp), (_, _) => new FollowUpNotice("Requested", "bapas-jakarta-timur", 1));
            registry.AddActivityFunc<MouNotice, bool>(nameof(NotifyMouExpiring), (_, _) => true);
        });
    }
}
