namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>The input of <see cref="ChainOrchestrator"/>.</summary>
/// <param name="Cities">The cities to greet, in order.</param>
public sealed record ChainInput(IReadOnlyList<string> Cities);
