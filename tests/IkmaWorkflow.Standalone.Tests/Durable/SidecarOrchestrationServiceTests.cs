using DurableTask.Core;
using DurableTask.Core.History;
using IkmaWorkflow.Standalone.Durable;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>The decorator the sidecar's dispatchers use: lock renewal while work runs, hand-back at stop, one start and one stop.</summary>
public sealed class SidecarOrchestrationServiceTests
{
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ManualClock _clock = new();
    private readonly Mock<IOrchestrationService> _engine = new();
    private readonly SidecarOrchestrationService _service;
    private int _activityRenewals;
    private int _orchestrationRenewals;

    public SidecarOrchestrationServiceTests()
    {
        _service = new SidecarOrchestrationService(_engine.Object, _clock, NullLogger<SidecarOrchestrationService>.Instance);
        _engine.Setup(e => e.RenewTaskActivityWorkItemLockAsync(It.IsAny<TaskActivityWorkItem>())).ReturnsAsync((TaskActivityWorkItem item) =>
        {
            Interlocked.Increment(ref _activityRenewals);
            item.LockedUntilUtc = _clock.GetUtcNow().UtcDateTime + Lock;
            return item;
        });
        _engine.Setup(e => e.RenewTaskOrchestrationWorkItemLockAsync(It.IsAny<TaskOrchestrationWorkItem>())).Returns((TaskOrchestrationWorkItem item) =>
        {
            Interlocked.Increment(ref _orchestrationRenewals);
            item.LockedUntilUtc = _clock.GetUtcNow().UtcDateTime + Lock;
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_HeldPastHalfItsLock_RenewsItEachHalfLock()
    {
        await LockActivityAsync();

        _clock.Advance(Lock / 2);
        await Eventually.TrueAsync(() => Volatile.Read(ref _activityRenewals) == 1, () => "no first renewal", Timeout);
        await Eventually.TrueAsync(() => _clock.PendingTimers == 1, () => "no next renewal scheduled", Timeout);
        _clock.Advance(Lock / 2);
        await Eventually.TrueAsync(() => Volatile.Read(ref _activityRenewals) == 2, () => "no second renewal", Timeout);
    }

    [Fact]
    public async Task CompleteTaskActivityWorkItemAsync_HeldItem_CompletesAndStopsRenewing()
    {
        var item = await LockActivityAsync();
        var response = new TaskMessage();

        await _service.CompleteTaskActivityWorkItemAsync(item, response);
        await Eventually.TrueAsync(() => _clock.PendingTimers == 0, () => "the renewal timer is still set", Timeout);
        _clock.Advance(Lock * 3);

        _engine.Verify(e => e.CompleteTaskActivityWorkItemAsync(item, response), Times.Once);
        Assert.Equal(0, Volatile.Read(ref _activityRenewals));
        Assert.Equal(0, _service.HeldWorkItems);
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItemAsync_HeldPastHalfItsLock_RenewsItUntilReleased()
    {
        var item = await LockOrchestrationAsync();

        _clock.Advance(Lock / 2);
        await Eventually.TrueAsync(() => Volatile.Read(ref _orchestrationRenewals) == 1, () => "no renewal", Timeout);
        await _service.CompleteTaskOrchestrationWorkItemAsync(item, item.OrchestrationRuntimeState, [], [], [], null!, null!);
        await _service.ReleaseTaskOrchestrationWorkItemAsync(item);
        await Eventually.TrueAsync(() => _clock.PendingTimers == 0, () => "the renewal timer is still set", Timeout);

        _engine.Verify(e => e.CompleteTaskOrchestrationWorkItemAsync(item, item.OrchestrationRuntimeState, It.IsAny<IList<TaskMessage>>(), It.IsAny<IList<TaskMessage>>(), It.IsAny<IList<TaskMessage>>(), null!, null!), Times.Once);
        _engine.Verify(e => e.ReleaseTaskOrchestrationWorkItemAsync(item), Times.Once);
    }

    [Fact]
    public async Task HandBackAsync_HeldWorkItems_AbandonsThemAndIgnoresTheirLateCompletion()
    {
        var activity = await LockActivityAsync();
        var orchestration = await LockOrchestrationAsync();

        await _service.HandBackAsync();
        await _service.CompleteTaskActivityWorkItemAsync(activity, new TaskMessage());
        await _service.CompleteTaskOrchestrationWorkItemAsync(orchestration, orchestration.OrchestrationRuntimeState, [], [], [], null!, null!);
        await _service.ReleaseTaskOrchestrationWorkItemAsync(orchestration);

        _engine.Verify(e => e.AbandonTaskActivityWorkItemAsync(activity), Times.Once);
        _engine.Verify(e => e.AbandonTaskOrchestrationWorkItemAsync(orchestration), Times.Once);
        _engine.Verify(e => e.ReleaseTaskOrchestrationWorkItemAsync(orchestration), Times.Once);
        _engine.Verify(e => e.CompleteTaskActivityWorkItemAsync(It.IsAny<TaskActivityWorkItem>(), It.IsAny<TaskMessage>()), Times.Never);
        _engine.Verify(
            e => e.CompleteTaskOrchestrationWorkItemAsync(It.IsAny<TaskOrchestrationWorkItem>(), It.IsAny<OrchestrationRuntimeState>(), It.IsAny<IList<TaskMessage>>(), It.IsAny<IList<TaskMessage>>(), It.IsAny<IList<TaskMessage>>(), It.IsAny<TaskMessage>(), It.IsAny<OrchestrationState>()),
            Times.Never);
        Assert.Equal(0, _service.HeldWorkItems);
    }

    [Fact]
    public async Task StopAsync_CalledTwiceAfterStart_StopsTheEngineOnceForced()
    {
        await _service.StartAsync();
        await _service.StartAsync();

        await _service.StopAsync(isForced: false);
        await _service.StopAsync();

        _engine.Verify(e => e.StartAsync(), Times.Once);
        _engine.Verify(e => e.StopAsync(true), Times.Once);
        _engine.Verify(e => e.StopAsync(false), Times.Never);
    }

    [Fact]
    public async Task StartAsync_AfterStopWithoutStart_NeverStartsOrStopsTheEngine()
    {
        await _service.StopAsync();
        await _service.StartAsync();

        _engine.Verify(e => e.StartAsync(), Times.Never);
        _engine.Verify(e => e.StopAsync(It.IsAny<bool>()), Times.Never);
    }

    private async Task<TaskActivityWorkItem> LockActivityAsync()
    {
        var item = new TaskActivityWorkItem
        {
            Id = "message-1",
            LockedUntilUtc = _clock.GetUtcNow().UtcDateTime + Lock,
            TaskMessage = new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = "instance-1" },
                Event = new TaskScheduledEvent(1, "Activity"),
            },
        };
        _engine.Setup(e => e.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(item);
        Assert.Same(item, await _service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None));
        await Eventually.TrueAsync(() => _clock.PendingTimers == 1, () => "no renewal scheduled", Timeout);
        return item;
    }

    private async Task<TaskOrchestrationWorkItem> LockOrchestrationAsync()
    {
        var item = new TaskOrchestrationWorkItem
        {
            InstanceId = "instance-2",
            LockedUntilUtc = _clock.GetUtcNow().UtcDateTime + Lock,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(),
        };
        _engine.Setup(e => e.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(item);
        var pendingBefore = _clock.PendingTimers;
        Assert.Same(item, await _service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        await Eventually.TrueAsync(() => _clock.PendingTimers == pendingBefore + 1, () => "no renewal scheduled", Timeout);
        return item;
    }
}
