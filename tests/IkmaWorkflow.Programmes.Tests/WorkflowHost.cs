using Azure.Data.Tables;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Tests.Notifications;
using IkmaWorkflow.Programmes.WakeUps;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IkmaWorkflow.Programmes.Tests;

/// <summary>
/// The real orchestrations on Microsoft's in-memory engine (<see cref="DurableTaskTestHost"/>), registered as the
/// function app's functions call them, with the real <see cref="ScheduleWakeUp"/> and <see cref="WakeUpScanner"/> on a
/// private Azurite and a fake app clock; every other activity is a stub the test registers.
/// </summary>
internal sealed class WorkflowHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;
    private readonly WakeUpScanner _scanner;

    private WorkflowHost(DurableTaskTestHost host, RecordStore store, FakeTimeProvider clock)
    {
        _host = host;
        Store = store;
        Clock = clock;
        _scanner = new WakeUpScanner(store, clock, new CollectingLogger<WakeUpScanner>());
    }

    public DurableTaskClient Client => _host.Client;

    public RecordStore Store { get; }

    /// <summary>The app's clock, which tests move as the demo clock is moved.</summary>
    public FakeTimeProvider Clock { get; }

    public static async Task<WorkflowHost> StartAsync(AzuriteInstance azurite, DateTimeOffset now, Action<DurableTaskRegistry> stubs)
    {
        var clock = new FakeTimeProvider(now);
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), UniqueName.ForTable("host"));
        await store.EnsureCreatedAsync(CancellationToken.None);
        var schedule = new ScheduleWakeUp(store, clock);
        var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<ProgrammeProgress, string>(nameof(ProgrammeOrchestration), (context, input) => new ProgrammeOrchestration().RunAsync(context, input!));
                registry.AddOrchestratorFunc<FollowUpInput, FollowUpResult>(nameof(FollowUpOrchestration), (context, input) => new FollowUpOrchestration().RunAsync(context, input!));
                registry.AddActivityFunc<WakeUpRequest, WakeUpTicket>(nameof(ScheduleWakeUp), (_, input) => schedule.RunAsync(input!, CancellationToken.None));
                stubs(registry);
            },
            new DurableTaskTestHostOptions { Port = FreePort.Next() });
        return new WorkflowHost(host, store, clock);
    }

    /// <summary>Runs the daily deadline check now, on the app's clock.</summary>
    public Task<WakeUpScanResult> CheckDeadlinesAsync() => _scanner.RunAsync(Client, CancellationToken.None);

    /// <summary>The stored wake-ups.</summary>
    public async Task<List<WakeUpEntity>> WakeUpsAsync()
    {
        var rows = new List<WakeUpEntity>();
        await foreach (var row in Store.WakeUps.QueryAsync<WakeUpEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Waits until the instance's state satisfies <paramref name="condition"/>.</summary>
    public Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, string description) =>
        Eventually.GetAsync(
            async () => await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true) is { } instance && condition(instance) ? instance : null,
            () => $"{instanceId}: {description}");

    /// <summary>Waits until the instance is waiting for exactly one stored wake-up, and answers it.</summary>
    public async Task<WakeUpEntity> WaitingAsync(string instanceId, Func<WakeUpEntity, bool>? which = null) =>
        await Eventually.GetAsync(
            async () => (await WakeUpsAsync()).Where(r => r.InstanceId == instanceId && (which?.Invoke(r) ?? true)).ToList() is [var row] ? row : null,
            () => $"{instanceId} waiting for one wake-up");

    /// <summary>Waits for the instance to finish.</summary>
    public async Task<OrchestrationMetadata> CompletedAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
