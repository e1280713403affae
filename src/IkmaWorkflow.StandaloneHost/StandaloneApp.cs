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
    /// <summary>Registers the app and the host.</summary>
    /// <exception cref="FunctionAppConfigurationException">A host setting, host.json (durableTask included) or a function is wrong; the message names it.</exception>
    /// <exception cref="Programmes.AppSettingException">An app setting is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddIkmaWorkflowStandalone(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddAppDefaults();
        var functions = typeof(IkmaWorkflowApp).Assembly;
        builder.AddStandaloneFunctions(functions);
        builder.AddIkmaWorkflow();
        // The engine's own information lines (leases, polling) would drown the app's; its warnings and errors stay.
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);

        // host.json's extensions.durableTask, from the settings the standalone host read (the file is parsed once).
        var host = builder.Services.Select(d => d.ImplementationInstance).OfType<Standalone.Settings.HostSettings>().Single();
        var durable = DurableHostSettings.FromHostJson(host.DurableTask, builder.Configuration);
        builder.Services.AddStandaloneDurableTask(FunctionCatalog.FromAssembly(functions), builder.Configuration, durable);
        return builder;
    }
}
