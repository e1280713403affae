namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>Which test host a function ran in, registered per host.</summary>
/// <param name="Name">The host's name in the test.</param>
public sealed record HostName(string Name);
