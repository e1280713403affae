namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A scoped service: one per DI scope, so a test sees which scope an invocation ran in.</summary>
internal sealed class ScopedMarker
{
    public Guid Id { get; } = Guid.NewGuid();
}
