using System.Reflection;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The orchestrators an operator may start: the names of the <c>[OrchestrationTrigger]</c> functions, matched without
/// regard to case (as the Functions host matches function names) and answered as declared.
/// </summary>
public sealed class OrchestratorNames
{
    private static readonly Lazy<OrchestratorNames> AppNames = new(() => FromAssembly(typeof(OrchestratorNames).Assembly));

    private readonly Dictionary<string, string> _names;

    private OrchestratorNames(IEnumerable<string> names) =>
        _names = names.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>The app's own orchestrators, read once from this assembly's attributes.</summary>
    public static OrchestratorNames App => AppNames.Value;

    /// <summary>Every name, as declared, in ordinal order.</summary>
    public IReadOnlyList<string> All => [.. _names.Values.Order(StringComparer.Ordinal)];

    /// <summary>These names.</summary>
    public static OrchestratorNames Of(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new OrchestratorNames(names);
    }

    /// <summary>
    /// The <see cref="FunctionAttribute"/> names of the public methods of <paramref name="assembly"/>'s public types
    /// that have a parameter marked <see cref="OrchestrationTriggerAttribute"/>, as the Functions SDK finds them.
    /// </summary>
    public static OrchestratorNames FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return new OrchestratorNames(
            from type in assembly.GetExportedTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            where function is not null && method.GetParameters().Any(p => p.IsDefined(typeof(OrchestrationTriggerAttribute)))
            select function.Name);
    }

    /// <summary>The name as declared that matches <paramref name="name"/> in any case, or <see langword="null"/>.</summary>
    public string? Find(string name) => _names.GetValueOrDefault(name);
}
