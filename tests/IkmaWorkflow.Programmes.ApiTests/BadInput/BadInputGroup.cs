namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>The bad-input tests share one app (<see cref="BadInputFixture"/>) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BadInputGroup : ICollectionFixture<BadInputFixture>
{
    public const string Name = "Bad input";
}
