using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Programmes.Durable;

/// <summary>
/// Starting, signalling and stopping instances with fixed ids through Microsoft's <see cref="DurableTaskClient"/>, with
/// its failures mapped to what the domain means by them (docs/time-and-deadlines.md, "The client").
/// </summary>
/// <remarks>
/// <para>
/// What the client throws depends on the server behind it. Starting an id that is taken: the gRPC client turns the
/// sidecar's <see cref="StatusCode.AlreadyExists"/> into <see cref="OrchestrationAlreadyExistsException"/>, and only for
/// the statuses named in <see cref="StartOrchestrationOptions.DedupeStatuses"/>: without them Durable Functions
/// replaces a finished instance. Raising an event or terminating: the client lets the <see cref="RpcException"/>
/// through; Durable Functions answers <see cref="StatusCode.NotFound"/> for a missing instance and
/// <see cref="StatusCode.FailedPrecondition"/> for a finished one, while the in-process sidecar (the test host, the
/// standalone host) drops an event for a missing instance silently. So these methods read the instance first and map
/// both answers, which leaves only a race with the instance finishing in between.
/// </para>
/// </remarks>
public static class OrchestrationInstances
{
    /// <summary>Every runtime status: an id that exists in any of them is never started again.</summary>
    public static IReadOnlyList<string> AnyStatus { get; } = Enum.GetNames<OrchestrationRuntimeStatus>();

    /// <summary>Starts <paramref name="name"/> as <paramref name="instanceId"/> unless that id exists, whatever its status.</summary>
    /// <returns><see langword="true"/> when this call started it; <see langword="false"/> when the id existed.</returns>
    public static async Task<bool> StartOnceAsync(DurableTaskClient client, TaskName name, object input, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId) { DedupeStatuses = AnyStatus }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // A client that does not translate the status.
            return false;
        }
    }

    /// <summary>Raises <paramref name="eventName"/> on <paramref name="instanceId"/> if it exists and has not finished.</summary>
    public static async Task<InstanceSignal> RaiseEventAsync(DurableTaskClient client, string instanceId, string eventName, object? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await StateAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is { } absent)
        {
            return absent;
        }

        try
        {
            await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
            return InstanceSignal.Delivered;
        }
        catch (RpcException ex) when (Map(ex) is { } state)
        {
            return state;
        }
    }

    /// <summary>Terminates <paramref name="instanceId"/> with <paramref name="output"/> if it exists and has not finished.</summary>
    public static async Task<InstanceSignal> TerminateAsync(DurableTaskClient client, string instanceId, object? output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await StateAsync(client, instanceId, cancellationToken).ConfigureAwait(false) is { } absent)
        {
            return absent;
        }

        try
        {
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(output), cancellationToken).ConfigureAwait(false);
            return InstanceSignal.Delivered;
        }
        catch (RpcException ex) when (Map(ex) is { } state)
        {
            return state;
        }
    }

    // NotFound or Finished when there is nothing to signal; null when the instance runs (or waits to start).
    private static async Task<InstanceSignal?> StateAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return instance is null ? InstanceSignal.NotFound
            : instance.IsCompleted ? InstanceSignal.Finished
            : null;
    }

    private static InstanceSignal? Map(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.NotFound => InstanceSignal.NotFound,
        StatusCode.FailedPrecondition => InstanceSignal.Finished,
        _ => null,
    };
}
