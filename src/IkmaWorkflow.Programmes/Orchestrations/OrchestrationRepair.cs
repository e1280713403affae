using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>
/// Makes sure every stored record that should have an orchestration has one, whatever failed between storing it and
/// starting or signalling its instance: run by the daily deadline check (timer function <c>DeadlineCheck</c>) after
/// the wake-ups (docs/programme-workflow.md, "Every programme has its orchestration").
/// </summary>
/// <remarks>
/// <para>
/// It reads the instance of each programme (<c>programme-{id}</c>) that is not at a final stage, or reached one within
/// <see cref="FinalStageWatch"/> (its last announcement is made by the generation that follows); of each follow-up
/// checkpoint marked Requested (<c>followup-…</c>; a checkpoint still Scheduled is started by the follow-up scan, which
/// tries again every day until it has); and of each MoU not yet expired (<c>mou-{id}</c>). Then:
/// </para>
/// <list type="bullet">
/// <item>missing (its start failed, or it was purged): started, as the form would have started it;</item>
/// <item>failed (an activity that failed for good, a storage outage mid-generation): started again under the same id
/// from the input of its failed generation, so it keeps what it had announced and the reminders it had sent;</item>
/// <item>a running programme instance whose custom status names a stage that is neither the stored stage nor the stage
/// the calendar has moved it to (a lost <c>StageChanged</c>): signalled again;</item>
/// <item>terminated (an operator's decision, docs/durable-management-api.md): left alone and logged.</item>
/// </list>
/// <para>
/// Every step is idempotent: an id that exists is never started twice (<see cref="OrchestrationInstances.StartOnceAsync"/>),
/// only a failed instance is replaced, an extra <c>StageChanged</c> only makes the orchestration read the stage again,
/// and the emails the repaired instance sends again carry the dedupe keys of the ones already sent. A record that
/// fails is logged and the others go on; the pass then throws, so the invocation is recorded as failed.
/// </para>
/// </remarks>
public sealed partial class OrchestrationRepair(RecordStore store, FollowUpOptions followUps, TimeProvider time, ILogger<OrchestrationRepair> logger)
{
    /// <summary>How long a programme that reached <c>FollowUp</c> or <c>Cancelled</c> is still checked.</summary>
    public static readonly TimeSpan FinalStageWatch = TimeSpan.FromDays(30);

    // Every status but Failed: a start with these dedupe statuses replaces a failed instance and nothing else.
    private static readonly IReadOnlyList<string> AllButFailed = [.. OrchestrationInstances.AnyStatus.Where(s => s != nameof(OrchestrationRuntimeStatus.Failed))];

    private enum Found
    {
        Present,
        Missing,
        Failed,
    }

    private enum Repair
    {
        None,
        Started,
        Restarted,
        Signalled,
    }

    /// <summary>Runs one pass with <paramref name="client"/> (the timer function's <c>[DurableClient]</c>).</summary>
    /// <exception cref="InvalidOperationException">Some records could not be checked or repaired; the others were.</exception>
    /// <exception cref="RequestFailedException">A table could not be queried.</exception>
    public async Task<OrchestrationRepairResult> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var today = DateText.TodayInWib(time);
        var repairs = new List<Repair>();
        var failures = new List<Exception>();

        async Task CheckAsync(string instanceId, Func<Task<Repair>> check)
        {
            try
            {
                repairs.Add(await check().ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is RequestFailedException or RpcException or JsonException)
            {
                LogItemFailed(logger, ex, instanceId);
                failures.Add(ex);
            }
        }

        await foreach (var programme in store.Programmes.QueryAsync<ProgrammeEntity>(ProgrammesChecked(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await CheckAsync(ProgrammeSignals.InstanceIdOf(programme.PartitionKey), () => ProgrammeAsync(client, programme, today, cancellationToken)).ConfigureAwait(false);
        }

        await foreach (var row in store.Programmes.QueryAsync<FollowUpEntity>(RequestedCheckpoints(), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var checkpoint = new FollowUpCheckpoint(row.PartitionKey, row.ParticipantId, row.Months);
            await CheckAsync(checkpoint.InstanceId, () => FollowUpAsync(client, checkpoint, cancellationToken)).ConfigureAwait(false);
        }

        await foreach (var mou in store.Mous.QueryAsync<MouEntity>(MousChecked(today), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await CheckAsync(MouOrchestration.InstanceIdOf(mou.RowKey), () => MouAsync(client, mou, cancellationToken)).ConfigureAwait(false);
        }

        var result = new OrchestrationRepairResult(
            repairs.Count + failures.Count, repairs.Count(r => r == Repair.Started), repairs.Count(r => r == Repair.Restarted), repairs.Count(r => r == Repair.Signalled), failures.Count);
        LogFinished(logger, result.Checked, result.Started, result.Restarted, result.Signalled, result.Failed);
        return failures.Count == 0
            ? result
            : throw new InvalidOperationException($"{failures.Count} of {result.Checked} orchestration(s) could not be checked or repaired; the next deadline check tries again.", new AggregateException(failures));
    }

    /// <summary>
    /// Repairs one orchestration alone, <paramref name="instanceId"/>, by the pass's own rules: a programme instance
    /// (<c>programme-{id}</c>) of a programme the pass checks, a follow-up instance (<c>followup-…</c>) of a checkpoint
    /// marked Requested, an MoU instance (<c>mou-{id}</c>) of an MoU not yet expired. A failed one is started again
    /// from the input of its failed generation, a missing one started, a programme instance that missed its
    /// <c>StageChanged</c> signalled; anything else is left as it is.
    /// </summary>
    /// <returns>What was done (<see cref="OrchestrationRepairResult.Checked"/> 0 when no record the pass checks has this instance).</returns>
    /// <exception cref="RequestFailedException">The record could not be read.</exception>
    public async Task<OrchestrationRepairResult> RepairAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instanceId);
        var today = DateText.TodayInWib(time);
        Repair? repair = null;
        if (instanceId.StartsWith(ProgrammeSignals.InstanceIdOf(string.Empty), StringComparison.Ordinal))
        {
            var programmeId = instanceId[ProgrammeSignals.InstanceIdOf(string.Empty).Length..];
            if (await CheckedAsync<ProgrammeEntity>(store.Programmes, TableClient.CreateQueryFilter($"PartitionKey eq {programmeId}"), ProgrammesChecked(), cancellationToken).ConfigureAwait(false) is { } row)
            {
                repair = await ProgrammeAsync(client, row, today, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (instanceId.StartsWith(FollowUpCheckpoint.InstancePrefix, StringComparison.Ordinal))
        {
            // The id joins programme and participant ids that may hold '-': the checkpoint is read from the instance's input.
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            if (instance?.ReadInputAs<FollowUpInput>()?.Checkpoint is { } checkpoint && checkpoint.InstanceId == instanceId
                && await CheckedAsync<FollowUpEntity>(store.Programmes, TableClient.CreateQueryFilter($"PartitionKey eq {checkpoint.ProgrammeId} and RowKey eq {checkpoint.RowKey}"), RequestedCheckpoints(), cancellationToken).ConfigureAwait(false) is not null)
            {
                repair = await FollowUpAsync(client, checkpoint, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (instanceId.StartsWith(MouOrchestration.InstanceIdOf(string.Empty), StringComparison.Ordinal))
        {
            var mouId = instanceId[MouOrchestration.InstanceIdOf(string.Empty).Length..];
            if (await CheckedAsync<MouEntity>(store.Mous, TableClient.CreateQueryFilter($"RowKey eq {mouId}"), MousChecked(today), cancellationToken).ConfigureAwait(false) is { } row)
            {
                repair = await MouAsync(client, row, cancellationToken).ConfigureAwait(false);
            }
        }

        var result = repair is { } done
            ? new OrchestrationRepairResult(1, done == Repair.Started ? 1 : 0, done == Repair.Restarted ? 1 : 0, done == Repair.Signalled ? 1 : 0, 0)
            : new OrchestrationRepairResult(0, 0, 0, 0, 0);
        LogRepairedOne(logger, instanceId, result.Checked, result.Repaired);
        return result;
    }

    // The records a pass checks, as table filters: the pass reads every one, RepairAsync the one of its instance.
    // Programmes not in a final stage, or in it for less than FinalStageWatch.
    private string ProgrammesChecked() => TableClient.CreateQueryFilter(
        $"RowKey eq {ProgrammeEntity.Row} and ((Stage ne {nameof(ProgrammeStage.FollowUp)} and Stage ne {nameof(ProgrammeStage.Cancelled)}) or StageSince ge {time.GetUtcNow() - FinalStageWatch})");

    // Follow-up checkpoints whose request was sent.
    private static string RequestedCheckpoints()
    {
        var upper = FollowUpEntity.Prefix[..^1] + "}";
        return TableClient.CreateQueryFilter($"RowKey ge {FollowUpEntity.Prefix} and RowKey lt {upper} and Status eq {CheckpointStatus.Requested}");
    }

    // MoUs not yet expired.
    private static string MousChecked(DateOnly today) => TableClient.CreateQueryFilter($"PartitionKey eq {MouEntity.Partition} and ValidUntil ge {DateText.Of(today)}");

    // The row that key selects, if the pass checks it (filter); null otherwise.
    private static async Task<T?> CheckedAsync<T>(TableClient table, string key, string filter, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        await foreach (var row in table.QueryAsync<T>($"({key}) and ({filter})", maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    private async Task<Repair> ProgrammeAsync(DurableTaskClient client, ProgrammeEntity programme, DateOnly today, CancellationToken cancellationToken)
    {
        var programmeId = programme.PartitionKey;
        var instanceId = ProgrammeSignals.InstanceIdOf(programmeId);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (StateOf(instance, instanceId) is not Found.Present and var found)
        {
            return found == Found.Failed
                ? await RestartAsync(client, nameof(ProgrammeOrchestration), instance!.ReadInputAs<ProgrammeProgress>()?.Next ?? ProgrammeProgress.Start(programmeId), instanceId, instance.FailureDetails?.ErrorMessage, cancellationToken).ConfigureAwait(false)
                : await StartAsync(client, nameof(ProgrammeOrchestration), ProgrammeProgress.Start(programmeId), instanceId, cancellationToken).ConfigureAwait(false);
        }

        // A generation sets its custom status once it has read the stage. One that names neither the stored stage nor
        // the stage the calendar moved it to has missed a StageChanged: a form committed and its signal was lost.
        var seen = instance!.RuntimeStatus == OrchestrationRuntimeStatus.Running ? instance.ReadCustomStatusAs<ProgrammeStatus>()?.Stage : null;
        var stored = programme.Stage;
        var effective = ProgrammeAccess.EffectiveStage(programme, today).ToString();
        if (seen is null || seen == stored || seen == effective)
        {
            return Repair.None;
        }

        var signal = await OrchestrationInstances.RaiseEventAsync(client, instanceId, ProgrammeSignals.StageChangedEvent, null, cancellationToken).ConfigureAwait(false);
        if (signal != InstanceSignal.Delivered)
        {
            return Repair.None;
        }

        LogSignalled(logger, instanceId, seen, effective);
        return Repair.Signalled;
    }

    private async Task<Repair> FollowUpAsync(DurableTaskClient client, FollowUpCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(checkpoint.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var input = new FollowUpInput(checkpoint, followUps.ReminderInterval, followUps.EscalateAfter, followUps.GiveUpAfter);
        return StateOf(instance, checkpoint.InstanceId) switch
        {
            Found.Failed => await RestartAsync(client, nameof(FollowUpOrchestration), instance!.ReadInputAs<FollowUpInput>() ?? input, checkpoint.InstanceId, instance.FailureDetails?.ErrorMessage, cancellationToken).ConfigureAwait(false),
            Found.Missing => await StartAsync(client, nameof(FollowUpOrchestration), input, checkpoint.InstanceId, cancellationToken).ConfigureAwait(false),
            _ => Repair.None,
        };
    }

    private async Task<Repair> MouAsync(DurableTaskClient client, MouEntity mou, CancellationToken cancellationToken)
    {
        var instanceId = MouOrchestration.InstanceIdOf(mou.RowKey);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        switch (StateOf(instance, instanceId))
        {
            case Found.Failed:
                return await RestartAsync(client, nameof(MouOrchestration), instance!.ReadInputAs<MouWatch>() ?? MouWatcher.WatchOf(mou), instanceId, instance.FailureDetails?.ErrorMessage, cancellationToken).ConfigureAwait(false);
            case Found.Missing:
                if (!await MouWatcher.StartWatchAsync(client, mou, cancellationToken).ConfigureAwait(false))
                {
                    return Repair.None;
                }

                LogStarted(logger, instanceId);
                return Repair.Started;
            default:
                return Repair.None;
        }
    }

    // Present covers running, pending, suspended and completed, and terminated, which an operator decided (logged).
    private Found StateOf(OrchestrationMetadata? instance, string instanceId)
    {
        switch (instance?.RuntimeStatus)
        {
            case null:
                return Found.Missing;
            case OrchestrationRuntimeStatus.Failed:
                return Found.Failed;
            case OrchestrationRuntimeStatus.Terminated:
                LogTerminated(logger, instanceId);
                return Found.Present;
            default:
                return Found.Present;
        }
    }

    private async Task<Repair> StartAsync(DurableTaskClient client, TaskName name, object input, string instanceId, CancellationToken cancellationToken)
    {
        if (!await OrchestrationInstances.StartOnceAsync(client, name, input, instanceId, cancellationToken).ConfigureAwait(false))
        {
            // Started meanwhile (a form's signal starts a missing programme instance too).
            return Repair.None;
        }

        LogStarted(logger, instanceId);
        return Repair.Started;
    }

    private async Task<Repair> RestartAsync(DurableTaskClient client, TaskName name, object input, string instanceId, string? failure, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId) { DedupeStatuses = AllButFailed }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrchestrationAlreadyExistsException || (ex is RpcException rpc && rpc.StatusCode == StatusCode.AlreadyExists))
        {
            // No longer failed: another pass or an operator started it first.
            return Repair.None;
        }

        LogRestarted(logger, instanceId, failure);
        return Repair.Restarted;
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Orchestration repair: {Checked} checked, {Started} missing started, {Restarted} failed started again, {Signalled} signalled the stored stage, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, int @checked, int started, int restarted, int signalled, int failed);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "Orchestration {InstanceId} was missing (its start failed after its record was stored, or it was purged); started it")]
    private static partial void LogStarted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "Orchestration {InstanceId} had failed ({Failure}); started it again from the input of its failed generation")]
    private static partial void LogRestarted(ILogger logger, string instanceId, string? failure);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Warning, Message = "Orchestration {InstanceId} is at stage {SeenStage} but the programme is at {Stage}: its StageChanged was lost; signalled it again")]
    private static partial void LogSignalled(ILogger logger, string instanceId, string seenStage, string stage);

    [LoggerMessage(EventId = 4134, Level = LogLevel.Information, Message = "Orchestration {InstanceId} was terminated by an operator; not started again")]
    private static partial void LogTerminated(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4136, Level = LogLevel.Information, Message = "Orchestration repair of {InstanceId} alone: {Checked} checked, {Repaired} repaired")]
    private static partial void LogRepairedOne(ILogger logger, string instanceId, int @checked, int repaired);

    [LoggerMessage(EventId = 4135, Level = LogLevel.Error, Message = "Orchestration repair could not check or repair {InstanceId}; the next deadline check tries again")]
    private static partial void LogItemFailed(ILogger logger, Exception exception, string instanceId);
}
