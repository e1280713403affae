using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.Standalone;
using IkmaWorkflow.Standalone.Durable;

namespace IkmaWorkflow.StandaloneHost;

/// <summary>
/// Composes the standalone app: the function app's services (<see cref="IkmaWorkflowApp"/>, as under the Functions
/// host) and the standalone host running the function app's functions. Shared by <c>Program.cs</c> and the tests that
/// host the whole app in-process.
/// </summary>
public static class StandaloneApp
{
    /// <summary>Registers the app and the host; a bad setting throws <see cref="FunctionAppConfigurationException"/> naming it.</summary>
    public static WebApplicationBuilder AddIkmaWorkflowStandalone(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddAppDefaults();
        var catalog = builder.AddStandaloneFunctions(typeof(IkmaWorkflowApp).Assembly);
        builder.AddIkmaWorkflow();
        builder.Services.AddStandaloneDurableTask(catalog, builder.Configuration, DurableHostSettings.FromHostJson(builder.Configuration));
        return builder;
    }
}
