using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone;

/// <summary>
/// The functions of an isolated-worker app, found the way the Functions SDK finds them: every public method with a
/// <see cref="FunctionAttribute"/> on a public type, with exactly one trigger parameter. Routes, schedules, queue
/// names and function names therefore live in the function classes alone.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions) => Functions = functions;

    /// <summary>Every function, ordered by name.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>The functions with trigger <paramref name="kind"/>.</summary>
    public IEnumerable<FunctionDefinition> OfKind(TriggerKind kind) => Functions.Where(f => f.Kind == kind);

    /// <summary>Reads the functions of the public types of <paramref name="assembly"/>.</summary>
    /// <exception cref="InvalidOperationException">A function has no trigger or several, or two share a name.</exception>
    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FromTypes(assembly.GetExportedTypes());
    }

    /// <summary>
    /// Reads the functions of <paramref name="types"/>, public or not: a part of an app, such as the few functions a
    /// test runs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A function has no trigger or several, or two share a name.</exception>
    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = new List<FunctionDefinition>();
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var triggers = method.GetParameters()
                    .Select(p => (Parameter: p, Attribute: TriggerOf(p)))
                    .Where(t => t.Attribute is not null)
                    .ToList();
                if (triggers.Count != 1)
                {
                    throw new InvalidOperationException($"Function '{function.Name}' ({type.FullName}.{method.Name}) must have exactly one trigger parameter; it has {triggers.Count}.");
                }

                var (parameter, attribute) = triggers[0];
                functions.Add(new FunctionDefinition(function.Name, method, KindOf(attribute!), parameter, attribute!));
            }
        }

        if (functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        }

        return new FunctionCatalog([.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)]);
    }

    private static Attribute? TriggerOf(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().FirstOrDefault(a => a is HttpTriggerAttribute or TimerTriggerAttribute or QueueTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute);

    private static TriggerKind KindOf(Attribute attribute) => attribute switch
    {
        HttpTriggerAttribute => TriggerKind.Http,
        TimerTriggerAttribute => TriggerKind.Timer,
        QueueTriggerAttribute => TriggerKind.Queue,
        OrchestrationTriggerAttribute => TriggerKind.Orchestration,
        _ => TriggerKind.Activity,
    };
}
