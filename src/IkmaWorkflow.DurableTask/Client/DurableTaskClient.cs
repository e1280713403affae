using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using IkmaWorkflow.DurableTask.History;
using IkmaWorkflow.DurableTask.Storage;

namespace IkmaWorkflow.DurableTask;

/// <summary>Starts, inspects and controls orchestration instances.</summary>
/// <remarks>Members are virtual so callers can be unit tested against a mocked client.</remarks>
public class DurableTaskClient
{
    private readonly DurableStorage _storage;
    private readonly DurableTaskRegistry _registry;
    private readonly DurableTaskOptions _options;
    private readonly TimeProvider _time;

    internal DurableTaskClient(DurableStorage storage, DurableTaskRegistry registry, DurableTaskOptions options, TimeProvider time)
    {
        _storage = storage;
        _registry = registry;
        _options = options;
        _time = time;
    }

    /// <summary>For mocking only.</summary>
    protected DurableTaskClient()
    {
        _storage = null!;
        _registry = null!;
        _options = new DurableTaskOptions();
        _time = TimeProvider.System;
    }

    /// <summary>Schedules a new instance of <paramref name="orchestratorName"/>.</summary>
    /// <returns>The instance id.</returns>
    /// <exception cref="OrchestrationInstanceException">The id is invalid or already used (<see cref="InstanceProblem.AlreadyExists"/>).</exception>
    /// <exception cref="ArgumentException">No such orchestrator is registered.</exception>
    public virtual async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        var version = options?.Version ?? (orchestratorName.Version.Length > 0 ? orchestratorName.Version : _registry.NewestVersion(orchestratorName.Name));
        var now = _time.GetUtcNow();
        var state = new InstanceState
        {
            InstanceId = instanceId,
            Name = orchestratorName.Name,
            Version = version,
            ExecutionId = Guid.NewGuid().ToString("N"),
            Status = OrchestrationRuntimeStatus.Pending,
            Input = JsonPayload.Serialize(input),
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = options?.StartAt,
        };
        // The start message goes first, so that no crash can leave an instance that nothing will start; it names the
        // execution, and a worker that finds no instance yet delivers it again shortly. If the id is taken, the
        // message finds another execution there and does nothing. A start later than one hop wakes the worker
        // early; it checks the time against its clock and hops again.
        var delay = options?.StartAt is { } startAt && startAt > now ? FirstHop(startAt - now) : TimeSpan.Zero;
        await _storage.SendAsync(new OrchestrationMessage(instanceId, state.ExecutionId, null), delay, cancellation, notify: false);
        if (!await _storage.TryCreateAsync(state, cancellation))
        {
            throw new OrchestrationInstanceException(instanceId, InstanceProblem.AlreadyExists, $"An orchestration instance with id '{instanceId}' already exists; choose another id or purge the old instance first.");
        }

        // Only now wake this process's listener, so the message rarely overtakes the instance's write.
        if (delay == TimeSpan.Zero)
        {
            _storage.NotifyOrchestrationMessage();
        }

        return instanceId;
    }

    /// <summary>Sends event <paramref name="eventName"/> to a running instance.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist or has finished.</exception>
    public virtual async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ValidateInstanceId(instanceId);

        // The check and the send run side by side, so a raise costs one round trip. When the check fails the caller
        // is told; the event, if already sent, finds no running instance and is dropped (and logged) by the worker.
        var check = RequireRunningAsync(instanceId, "raise an event on", cancellation);
        var send = SendEventAsync(instanceId, eventName, eventPayload, cancellation);
        await Task.WhenAll(check, send);
    }

    /// <summary>Reads an instance, or returns null when it does not exist.</summary>
    public virtual async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ValidateInstanceId(instanceId);
        var snapshot = await _storage.LoadAsync(instanceId, withHistory: false, cancellation);
        return snapshot is null ? null : await ToMetadataAsync(snapshot.State, getInputsAndOutputs, cancellation);
    }

    /// <summary>Waits until the instance has started (or finished).</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist.</exception>
    public virtual Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <summary>Waits until the instance has finished.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist.</exception>
    public virtual Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <summary>Terminates an instance (and, with <see cref="TerminateInstanceOptions.Recursive"/>, its running sub-orchestrations). A finished instance is left as it is.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist.</exception>
    public virtual async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var state = await RequireAsync(instanceId, cancellation);
        if (state.IsFinished)
        {
            return;
        }

        await SendAsync(instanceId, new ExecutionTerminated(Now(), JsonPayload.Serialize(options?.Output), Guid.NewGuid().ToString("N")), options?.Recursive ?? false, cancellation);
    }

    /// <summary>Suspends a running instance: events are kept and applied when it resumes.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist or has finished.</exception>
    public virtual async Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireRunningAsync(instanceId, "suspend", cancellation);
        await SendAsync(instanceId, new ExecutionSuspended(Now(), reason, Guid.NewGuid().ToString("N")), cancellation: cancellation);
    }

    /// <summary>Resumes a suspended instance.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist or has finished.</exception>
    public virtual async Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
    {
        await RequireRunningAsync(instanceId, "resume", cancellation);
        await SendAsync(instanceId, new ExecutionResumed(Now(), reason, Guid.NewGuid().ToString("N")), cancellation: cancellation);
    }

    /// <summary>Deletes an instance's state, history and payloads.</summary>
    public virtual async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        ValidateInstanceId(instanceId);
        return new PurgeResult(await _storage.PurgeAsync(instanceId, cancellation) ? 1 : 0);
    }

    /// <summary>Deletes every instance that matches <paramref name="filter"/>; by default only finished ones.</summary>
    public virtual async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new OrchestrationQuery
        {
            CreatedFrom = filter.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            Statuses = filter.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
            PageSize = 1000,
        };
        var count = 0;
        await foreach (var instance in GetAllInstancesAsync(query, cancellation))
        {
            count += (await PurgeInstanceAsync(instance.InstanceId, cancellation)).PurgedInstanceCount;
        }

        return new PurgeResult(count);
    }

    /// <summary>Lists the instances that match <paramref name="query"/>, every page.</summary>
    public virtual async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        query ??= new OrchestrationQuery();
        string? token = query.ContinuationToken;
        do
        {
            var page = await QueryInstancesAsync(query with { ContinuationToken = token }, cancellation);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>Reads one page of instances that match <paramref name="query"/>.</summary>
    public virtual async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        var filters = new List<string>();
        if (query.CreatedFrom is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to}"));
        }

        if (query.Name is { } name)
        {
            filters.Add(TableClient.CreateQueryFilter($"Name eq {name}"));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            filters.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")");
        }

        await _storage.EnsureCreatedAsync(cancellation);
        await foreach (var page in _storage.QueryStates(string.Join(" and ", filters), query.PageSize, cancellation).AsPages(query.ContinuationToken, query.PageSize))
        {
            var instances = new List<OrchestrationMetadata>();
            foreach (var entity in page.Values)
            {
                instances.Add(await ToMetadataAsync(InstanceState.FromEntity(entity), query.FetchInputsAndOutputs, cancellation));
            }

            return new OrchestrationQueryPage(instances, page.ContinuationToken);
        }

        return new OrchestrationQueryPage([], null);
    }

    /// <summary>Reads the current execution's history, oldest first.</summary>
    /// <exception cref="OrchestrationInstanceException">The instance does not exist.</exception>
    public virtual async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ValidateInstanceId(instanceId);
        var snapshot = await _storage.LoadAsync(instanceId, withHistory: true, cancellation)
            ?? throw NotFound(instanceId);
        return snapshot.History;
    }

    /// <summary>
    /// Counts instances by status and reads the depths of the runtime's queues and poison queues, for health checks
    /// and dashboards. Counting scans every instance's state row.
    /// </summary>
    public virtual async Task<DurableStatistics> GetStatisticsAsync(CancellationToken cancellation = default) =>
        new(await _storage.CountInstancesAsync(cancellation), await _storage.GetQueueDepthsAsync(cancellation));

    /// <summary>Checks that <paramref name="instanceId"/> can be used as a storage key.</summary>
    /// <exception cref="OrchestrationInstanceException">It cannot; the message says why.</exception>
    public static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrEmpty(instanceId) || instanceId.Length > 256 || instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new OrchestrationInstanceException(instanceId ?? string.Empty, InstanceProblem.InvalidId, $"'{instanceId}' is not a valid instance id: use 1 to 256 characters without '/', '\\', '#', '?' or control characters.");
        }
    }

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation) ?? throw NotFound(instanceId);
            if (done(metadata))
            {
                return metadata;
            }

            // Polling paces storage requests, so it waits in real time even when the runtime's clock is a test's.
            await Task.Delay(delay, TimeProvider.System, cancellation);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task<InstanceState> RequireAsync(string instanceId, CancellationToken cancellation)
    {
        ValidateInstanceId(instanceId);
        var snapshot = await _storage.LoadAsync(instanceId, withHistory: false, cancellation);
        return snapshot?.State ?? throw NotFound(instanceId);
    }

    private async Task RequireRunningAsync(string instanceId, string action, CancellationToken cancellation)
    {
        var state = await RequireAsync(instanceId, cancellation);
        if (state.IsFinished)
        {
            throw new OrchestrationInstanceException(instanceId, InstanceProblem.AlreadyFinished, $"Cannot {action} instance '{instanceId}': it has already finished ({state.Status}).");
        }
    }

    private async Task SendEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellation)
    {
        var payload = await _storage.OffloadAsync(JsonPayload.Serialize(eventPayload), instanceId, cancellation);
        await SendAsync(instanceId, new EventRaised(Now(), eventName, payload, Guid.NewGuid().ToString("N")), cancellation: cancellation);
    }

    private Task SendAsync(string instanceId, HistoryEvent e, bool recursive = false, CancellationToken cancellation = default) =>
        _storage.SendAsync(new OrchestrationMessage(instanceId, null, e, recursive), null, cancellation);

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceState state, bool withPayloads, CancellationToken cancellation) => new(state.Name, state.InstanceId)
    {
        Version = state.Version,
        RuntimeStatus = state.Status,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        CompletedAt = state.CompletedAt,
        FailureDetails = state.Failure,
        ParentInstanceId = state.ParentInstanceId,
        SerializedInput = withPayloads ? await _storage.ResolveAsync(state.Input, cancellation) : null,
        SerializedOutput = withPayloads ? await _storage.ResolveAsync(state.Output, cancellation) : null,
        SerializedCustomStatus = withPayloads ? await _storage.ResolveAsync(state.CustomStatus, cancellation) : null,
    };

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    // At most one hop, rounded up to whole seconds as queue visibility is kept, so the wake-up never comes early.
    private TimeSpan FirstHop(TimeSpan untilStart) =>
        TimeSpan.FromSeconds(Math.Ceiling((untilStart < _options.MaxTimerHop ? untilStart : _options.MaxTimerHop).TotalSeconds));

    private static OrchestrationInstanceException NotFound(string instanceId) =>
        new(instanceId, InstanceProblem.NotFound, $"No orchestration instance has id '{instanceId}'.");
}
