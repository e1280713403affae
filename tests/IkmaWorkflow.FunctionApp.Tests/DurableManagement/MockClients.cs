using Microsoft.DurableTask.Client;
using Moq;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>
/// A <see cref="DurableTaskClient"/> mocked to answer as a backend the test host cannot play: the Functions host, a
/// race with another operator, a failing storage. Members not set up behave as the abstract client does.
/// </summary>
internal static class MockClients
{
    public static Mock<DurableTaskClient> Create() => new("mock") { CallBase = true };

    /// <summary>An instance of <see cref="TestOrchestrations.Approval"/> in <paramref name="status"/>, created now.</summary>
    public static OrchestrationMetadata Instance(string instanceId, OrchestrationRuntimeStatus status, Microsoft.DurableTask.TaskFailureDetails? failure = null) =>
        new(TestOrchestrations.Approval, instanceId)
        {
            RuntimeStatus = status,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            LastUpdatedAt = DateTimeOffset.UtcNow,
            SerializedInput = """{"Requester":"Siti","Amount":1}""",
            FailureDetails = failure,
        };

    /// <summary>Reads of <paramref name="instanceId"/> answer <paramref name="states"/> one after another (the last one from then on).</summary>
    public static void Reads(this Mock<DurableTaskClient> client, string instanceId, params OrchestrationRuntimeStatus?[] states)
    {
        var queue = new Queue<OrchestrationRuntimeStatus?>(states);
        var last = states[^1];
        client.Setup(c => c.GetInstanceAsync(instanceId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => (queue.TryDequeue(out var state) ? state : last) is { } status ? Instance(instanceId, status) : null);
    }
}
