namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// The crash tests' collection: they run alone, after this assembly's other tests, so the times they measure (lease
/// takeover, resumption) are the engine's and not those of a dozen other host processes starting beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurableGuarantee
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Durable guarantee";
}
