namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>What <see cref="ItemFunctions.GetItem"/> answers.</summary>
internal sealed record ItemView(int Id);
