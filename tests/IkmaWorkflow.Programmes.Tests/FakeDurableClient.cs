using Grpc.Core;
using Microsoft.DurableTask.Client;
using Moq;

namespace IkmaWorkflow.Programmes.Tests;

/// <summary>
/// A Moq <see cref="DurableTaskClient"/> holding instances by id and status, recording raised events, and answering
/// raise and terminate as Durable Functions does: an <see cref="RpcException"/> per instance when one is set.
/// </summary>
internal sealed class FakeDurableClient
{
    public FakeDurableClient()
    {
        Mock = new Mock<DurableTaskClient>(MockBehavior.Loose, "fake") { CallBase = true };
        Mock.Setup(c => c.GetInstancesAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => Instances.TryGetValue(id, out var status) ? new OrchestrationMetadata("Orchestration", id) { RuntimeStatus = status } : null);
        Mock.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string name, object? payload, CancellationToken _) => RaiseAsync(id, name, payload));
        Mock.Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((string id, TerminateInstanceOptions? options, CancellationToken _) =>
            {
                if (Failures.TryGetValue(id, out var failure))
                {
                    return Task.FromException(failure);
                }

                Terminated.Add((id, options?.Output));
                return Task.CompletedTask;
            });
    }

    public Mock<DurableTaskClient> Mock { get; }

    public DurableTaskClient Object => Mock.Object;

    /// <summary>Instances by id; an id not here does not exist.</summary>
    public Dictionary<string, OrchestrationRuntimeStatus> Instances { get; } = [];

    /// <summary>What raising an event on (or terminating) an instance throws.</summary>
    public Dictionary<string, Exception> Failures { get; } = [];

    public List<(string InstanceId, string Name, object? Payload)> Raised { get; } = [];

    public List<(string InstanceId, object? Output)> Terminated { get; } = [];

    /// <summary>Runs after each event raised, with the instance id.</summary>
    public Func<string, Task>? OnRaise { get; set; }

    public static RpcException Rpc(StatusCode code) => new(new Status(code, code.ToString()));

    private async Task RaiseAsync(string id, string name, object? payload)
    {
        if (Failures.TryGetValue(id, out var failure))
        {
            throw failure;
        }

        Raised.Add((id, name, payload));
        if (OnRaise is { } onRaise)
        {
            await onRaise(id);
        }
    }
}
