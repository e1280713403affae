namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>Which function instance and which scope answered.</summary>
internal sealed record InstanceView(Guid Instance, Guid Scope);
