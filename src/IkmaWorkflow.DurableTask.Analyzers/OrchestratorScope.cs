using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace IkmaWorkflow.DurableTask.Analyzers;

/// <summary>
/// Knows the IkmaWorkflow.DurableTask types that mark orchestrator code in one compilation: classes deriving from
/// <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c>, and the <c>orchestrator</c> argument of
/// <c>DurableTaskRegistry.AddOrchestratorFunc</c>.
/// </summary>
internal sealed class OrchestratorScope
{
    private const string TaskOrchestratorMetadataName = "IkmaWorkflow.DurableTask.TaskOrchestrator`2";
    private const string RegistryMetadataName = "IkmaWorkflow.DurableTask.DurableTaskRegistry";
    private const string ContextMetadataName = "IkmaWorkflow.DurableTask.TaskOrchestrationContext";
    private const string AddOrchestratorFuncName = "AddOrchestratorFunc";
    private const string OrchestratorParameterName = "orchestrator";

    private readonly INamedTypeSymbol _taskOrchestrator;
    private readonly INamedTypeSymbol? _registry;
    private readonly INamedTypeSymbol? _context;

    // Asked for every banned-API use, and most uses in one class share the answer.
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _orchestratorClasses = new(SymbolEqualityComparer.Default);

    private OrchestratorScope(INamedTypeSymbol taskOrchestrator, INamedTypeSymbol? registry, INamedTypeSymbol? context)
    {
        _taskOrchestrator = taskOrchestrator;
        _registry = registry;
        _context = context;
    }

    /// <summary>
    /// The scope of <paramref name="compilation"/>, or <see langword="null"/> when it cannot see
    /// <c>TaskOrchestrator&lt;,&gt;</c> and so cannot contain orchestrators (nothing to analyze).
    /// </summary>
    public static OrchestratorScope? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName(TaskOrchestratorMetadataName) is { } taskOrchestrator
            ? new OrchestratorScope(
                taskOrchestrator,
                compilation.GetTypeByMetadataName(RegistryMetadataName),
                compilation.GetTypeByMetadataName(ContextMetadataName))
            : null;

    /// <summary>Whether <paramref name="type"/> derives, directly or not, from <c>TaskOrchestrator&lt;,&gt;</c>.</summary>
    public bool IsOrchestratorClass(INamedTypeSymbol? type) =>
        type is not null && _orchestratorClasses.GetOrAdd(type, DerivesFromTaskOrchestrator);

    /// <summary>Whether <paramref name="parameter"/> is the <c>orchestrator</c> parameter of <c>AddOrchestratorFunc</c>.</summary>
    public bool IsOrchestratorParameter(IParameterSymbol? parameter) =>
        parameter is { Name: OrchestratorParameterName, ContainingSymbol: IMethodSymbol method } && IsAddOrchestratorFunc(method);

    /// <summary>
    /// The method whose body <paramref name="invocation"/> registers as an orchestrator when it is an
    /// <c>AddOrchestratorFunc</c> call given a method group, such as <c>AddOrchestratorFunc("Name", RunAsync)</c>;
    /// otherwise <see langword="null"/>.
    /// </summary>
    public IMethodSymbol? GetRegisteredMethodGroup(IInvocationOperation invocation)
    {
        if (!IsAddOrchestratorFunc(invocation.TargetMethod))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (!IsOrchestratorParameter(argument.Parameter))
            {
                continue;
            }

            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is IDelegateCreationOperation { Target: IMethodReferenceOperation reference })
            {
                return Definition(reference.Method);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="method"/> could be passed as the <c>orchestrator</c> of <c>AddOrchestratorFunc</c>:
    /// two parameters, the first one able to take a <c>TaskOrchestrationContext</c>.
    /// </summary>
    public bool HasOrchestratorShape(IMethodSymbol method)
    {
        if (_context is null || method.Parameters.Length != 2)
        {
            return false;
        }

        // A method group may take any base type of the delegate's parameter type (object, in practice).
        var first = method.Parameters[0].Type;
        for (INamedTypeSymbol? type = _context; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(first, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The symbol a method group or local function is compared by: its generic, unreduced definition.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    private bool IsAddOrchestratorFunc(IMethodSymbol method) =>
        method.Name == AddOrchestratorFuncName
        && _registry is not null
        && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _registry);

    private bool DerivesFromTaskOrchestrator(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _taskOrchestrator))
            {
                return true;
            }
        }

        return false;
    }
}
