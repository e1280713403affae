using System.Runtime.ExceptionServices;
using System.Text.Json;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Grpc.Core;
using IkmaWorkflow.Programmes.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The management API's commands on <see cref="DurableTaskClient"/>, with the client's answers mapped to
/// <see cref="InstanceOutcome"/>. What is not an answer about the instance (the backend failing) is thrown.
/// </summary>
/// <remarks>
/// <para>
/// What the 1.28 gRPC client throws depends on the server behind it. Starting an id that is taken: the server answers
/// <see cref="StatusCode.AlreadyExists"/>, which the client turns into <see cref="OrchestrationAlreadyExistsException"/>,
/// and only for the statuses in <see cref="StartOrchestrationOptions.DedupeStatuses"/> (so every status is passed).
/// Raising an event, terminating, suspending and resuming: the client lets the <see cref="RpcException"/> through; the
/// Functions host answers <see cref="StatusCode.NotFound"/> for a missing instance and
/// <see cref="StatusCode.FailedPrecondition"/> for one in the wrong state (finished; or, for suspend and resume,
/// already suspended or not suspended), while the in-process sidecar (TaskHubGrpcServer of
/// Microsoft.DurableTask.InProcessTestHost, which the standalone host and the tests run) checks nothing and drops a
/// message for a missing or finished instance silently. Purging: the host refuses an instance that has not finished
/// (<see cref="StatusCode.FailedPrecondition"/>, thrown as <see cref="InvalidOperationException"/>); the in-memory
/// sidecar deletes nothing and answers 0; the Azure Storage one deletes it.
/// </para>
/// <para>
/// So every command reads the instance first and decides from its status, which gives one behaviour on every backend;
/// the server's refusal then only reports a race with the instance changing in between, and is judged by reading the
/// instance again.
/// </para>
/// </remarks>
public static class InstanceCommands
{
    /// <summary>Starts <paramref name="name"/>, as <paramref name="instanceId"/> unless that id exists in any status (or with a new id).</summary>
    /// <returns>The instance id and <see cref="InstanceOutcome.Done"/>; or no id and why not.</returns>
    public static async Task<(string? InstanceId, InstanceOutcome Outcome)> StartAsync(
        DurableTaskClient client, TaskName name, JsonElement? input, string? instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var options = new StartOrchestrationOptions(instanceId) { DedupeStatuses = OrchestrationInstances.AnyStatus };
            var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, options, cancellationToken).ConfigureAwait(false);
            return (id, InstanceOutcome.Done);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return (null, InstanceOutcome.AlreadyExists);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // A client that does not translate the status.
            return (null, InstanceOutcome.AlreadyExists);
        }
        catch (ArgumentException) when (instanceId is not null)
        {
            // The server's InvalidArgument: it refused the id.
            return (null, InstanceOutcome.InvalidId);
        }
    }

    /// <summary>Reads one page of instances.</summary>
    /// <returns>The page; <see langword="null"/> when the backend refused <see cref="OrchestrationQuery.ContinuationToken"/>.</returns>
    /// <remarks>
    /// The Functions host answers a query with each failed instance's failure details; the in-process sidecar leaves
    /// them out (it fills them only when one instance is read). So a failed instance listed without them is read
    /// again, which costs one call per failed instance on that backend only.
    /// </remarks>
    public static async Task<Page<OrchestrationMetadata>?> ListAsync(DurableTaskClient client, OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            await foreach (var page in client.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var instances = new List<OrchestrationMetadata>(page.Values.Count);
                foreach (var instance in page.Values)
                {
                    instances.Add(instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed, FailureDetails: null }
                        ? await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) ?? instance
                        : instance);
                }

                return new Page<OrchestrationMetadata>(instances, page.ContinuationToken);
            }

            return new Page<OrchestrationMetadata>([], null);
        }
        catch (RpcException ex) when (query.ContinuationToken is not null && ex.StatusCode is StatusCode.InvalidArgument or StatusCode.Unknown)
        {
            // A token the backend cannot read fails inside it: the in-memory sidecar expects a number, Azure Storage
            // its own encoded table token; neither answers with a status of its own.
            return null;
        }
    }

    /// <summary>Reads the current execution's history of <paramref name="instance"/>, oldest first.</summary>
    /// <returns>
    /// The events and <see cref="InstanceOutcome.Done"/>; or no events and <see cref="InstanceOutcome.NotFound"/>
    /// (purged since it was read) or <see cref="InstanceOutcome.HistoryNotServed"/>.
    /// </returns>
    /// <remarks>
    /// Under the Functions host the host streams the history (<c>StreamInstanceHistory</c>). The in-process sidecar
    /// serves that call only to its own worker, for histories over 1 MiB, and answers every other request with no
    /// events. An instance that has started always has history, so no events for one that is not
    /// <see cref="OrchestrationRuntimeStatus.Pending"/> means the backend does not serve it.
    /// </remarks>
    public static async Task<(IReadOnlyList<HistoryEvent>? Events, InstanceOutcome Outcome)> HistoryAsync(
        DurableTaskClient client, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(instance);
        IList<HistoryEvent> events;
        try
        {
            events = await client.GetOrchestrationHistoryAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return (null, InstanceOutcome.HistoryNotServed);
        }
        catch (ArgumentException)
        {
            // The client's translation of the server's NotFound.
            return (null, InstanceOutcome.NotFound);
        }

        return events.Count == 0 && instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending
            ? (null, InstanceOutcome.HistoryNotServed)
            : ([.. events], InstanceOutcome.Done);
    }

    /// <summary>Raises <paramref name="eventName"/> with <paramref name="payload"/> on an instance that has not finished.</summary>
    public static Task<InstanceOutcome> RaiseEventAsync(DurableTaskClient client, string instanceId, string eventName, JsonElement? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ControlAsync(client, instanceId, Command.RaiseEvent, () => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);
    }

    /// <summary>Terminates an instance that has not finished, with <paramref name="reason"/> as its output; a finished one is <see cref="InstanceOutcome.Unchanged"/>.</summary>
    public static Task<InstanceOutcome> TerminateAsync(DurableTaskClient client, string instanceId, string? reason, bool recursive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ControlAsync(client, instanceId, Command.Terminate, () => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason, recursive), cancellationToken), cancellationToken);
    }

    /// <summary>Suspends an instance that runs; a suspended one is <see cref="InstanceOutcome.Unchanged"/>.</summary>
    public static Task<InstanceOutcome> SuspendAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ControlAsync(client, instanceId, Command.Suspend, () => client.SuspendInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);
    }

    /// <summary>Resumes a suspended instance; one that runs is <see cref="InstanceOutcome.Unchanged"/>.</summary>
    public static Task<InstanceOutcome> ResumeAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return ControlAsync(client, instanceId, Command.Resume, () => client.ResumeInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);
    }

    /// <summary>Purges a finished instance.</summary>
    /// <returns>How many instances were deleted and <see cref="InstanceOutcome.Done"/>; or 0 and why not.</returns>
    public static async Task<(int Deleted, InstanceOutcome Outcome)> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return (0, InstanceOutcome.NotFound);
        }

        if (!instance.IsCompleted)
        {
            return (0, InstanceOutcome.NotFinished);
        }

        PurgeResult result;
        try
        {
            result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (ex.GetType() == typeof(InvalidOperationException))
        {
            // The client's translation of the host's FailedPrecondition: the instance was restarted in between. The
            // exact type, because ObjectDisposedException (a disposed channel) derives from it.
            return (0, InstanceOutcome.NotFinished);
        }

        return result.PurgedInstanceCount == 0 ? (0, InstanceOutcome.NotFound) : (result.PurgedInstanceCount, InstanceOutcome.Done);
    }

    private static async Task<InstanceOutcome> ControlAsync(DurableTaskClient client, string instanceId, Command command, Func<Task> send, CancellationToken cancellationToken)
    {
        var before = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (Decide(command, before) is { } answer)
        {
            return answer;
        }

        RpcException refusal;
        try
        {
            await send().ConfigureAwait(false);
            return InstanceOutcome.Done;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return InstanceOutcome.NotFound;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            refusal = ex;
        }

        // The instance changed since it was read (it finished, or someone else suspended or resumed it): its status now
        // says why. A refusal the status does not explain is the backend's failure.
        var after = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (Decide(command, after) is { } reason)
        {
            return reason;
        }

        ExceptionDispatchInfo.Throw(refusal);
        return InstanceOutcome.Done;
    }

    // What the command means for an instance in this state; null when it is to be sent.
    private static InstanceOutcome? Decide(Command command, OrchestrationMetadata? instance) => instance switch
    {
        null => InstanceOutcome.NotFound,
        { IsCompleted: true } => command == Command.Terminate ? InstanceOutcome.Unchanged : InstanceOutcome.Finished,
        { RuntimeStatus: OrchestrationRuntimeStatus.Suspended } when command == Command.Suspend => InstanceOutcome.Unchanged,
        { RuntimeStatus: not OrchestrationRuntimeStatus.Suspended } when command == Command.Resume => InstanceOutcome.Unchanged,
        _ => null,
    };

    private enum Command
    {
        RaiseEvent,
        Terminate,
        Suspend,
        Resume,
    }
}
