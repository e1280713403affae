namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>The tests that share one <see cref="ManagementFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ManagementTests : ICollectionFixture<ManagementFixture>
{
    public const string Name = "Durable management";
}
