using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>The orchestrator and activity functions of the app's catalog, bound and checked.</summary>
internal sealed class DurableFunctionSet
{
    private DurableFunctionSet(IReadOnlyList<DurableFunctionBinding> orchestrators, IReadOnlyList<DurableFunctionBinding> activities)
    {
        Orchestrators = orchestrators;
        Activities = activities;
    }

    /// <summary>The <c>[OrchestrationTrigger]</c> functions.</summary>
    public IReadOnlyList<DurableFunctionBinding> Orchestrators { get; }

    /// <summary>The <c>[ActivityTrigger]</c> functions.</summary>
    public IReadOnlyList<DurableFunctionBinding> Activities { get; }

    /// <summary>Binds every orchestrator and activity function of <paramref name="catalog"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">A function has a signature the host cannot run.</exception>
    public static DurableFunctionSet From(FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return From(catalog.Functions);
    }

    /// <summary>Binds every orchestrator and activity function among <paramref name="functions"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">A function has a signature the host cannot run.</exception>
    public static DurableFunctionSet From(IEnumerable<FunctionDefinition> functions) => new(
        [.. functions.Where(f => f.Kind == TriggerKind.Orchestration).Select(DurableFunctionBinding.Bind)],
        [.. functions.Where(f => f.Kind == TriggerKind.Activity).Select(DurableFunctionBinding.Bind)]);

    /// <summary>Checks that the services the functions take are registered.</summary>
    /// <exception cref="FunctionAppConfigurationException">A parameter is neither bound nor a registered service.</exception>
    public void CheckServices(IServiceProviderIsService services)
    {
        foreach (var function in Orchestrators.Concat(Activities))
        {
            function.CheckServices(services);
        }
    }
}
