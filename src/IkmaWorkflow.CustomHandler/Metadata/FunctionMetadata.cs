namespace IkmaWorkflow.CustomHandler.Metadata;

/// <summary>A function as its folder describes it: the folder name and the bindings of its <c>function.json</c>.</summary>
/// <param name="Name">The function name, which is the folder name.</param>
/// <param name="FilePath">The full path of the <c>function.json</c> it was read from.</param>
/// <param name="Bindings">The bindings in file order.</param>
public sealed record FunctionMetadata(string Name, string FilePath, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>Binding type of an HTTP trigger.</summary>
    public const string HttpTrigger = "httpTrigger";

    /// <summary>Binding type of a queue trigger.</summary>
    public const string QueueTrigger = "queueTrigger";

    /// <summary>Binding type of a timer trigger.</summary>
    public const string TimerTrigger = "timerTrigger";

    /// <summary>
    /// Whether the function is switched off, by <c>"disabled": true</c> in its file or by the app setting
    /// <c>AzureWebJobs.{Name}.Disabled</c>, as the host reads it. A disabled function is not triggered.
    /// </summary>
    public bool Disabled { get; init; }

    /// <summary>The function's single trigger binding.</summary>
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);

    /// <summary>
    /// Whether the host proxies this function's HTTP requests as they are: it does so only for a function whose
    /// bindings are exactly one <c>httpTrigger</c> and one <c>http</c> output.
    /// </summary>
    public bool IsProxiedHttp =>
        Bindings.Count == 2
        && Bindings.Count(b => IsType(b, HttpTrigger) && b.Direction == "in") == 1
        && Bindings.Count(b => IsType(b, "http") && b.Direction == "out") == 1;

    /// <summary>Whether the trigger is of <paramref name="triggerType"/>.</summary>
    public bool IsTriggeredBy(string triggerType) => IsType(Trigger, triggerType);

    private static bool IsType(FunctionBinding binding, string type) =>
        string.Equals(binding.Type, type, StringComparison.OrdinalIgnoreCase);
}
