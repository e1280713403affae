using IkmaWorkflow.DurableTask;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>An activity's context for calling an activity class directly, as the worker would.</summary>
internal sealed class TestActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public override string IdempotencyKey => $"{InstanceId}:test:1";

    public override CancellationToken CancellationToken => CancellationToken.None;
}
