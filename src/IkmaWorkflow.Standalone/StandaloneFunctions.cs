using System.Reflection;
using IkmaWorkflow.Standalone.Hosting;
using IkmaWorkflow.Standalone.Http;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Queues;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Standalone;

/// <summary>
/// Runs the HTTP, timer and queue functions of an isolated-worker app in an ASP.NET Core app, without the Functions
/// host: <c>Add…</c> reads the settings and the functions, <c>Map…</c> maps the HTTP ones.
/// </summary>
public static class StandaloneFunctions
{
    // In-flight invocations get Standalone__ShutdownTimeout; the host's own timeout leaves room to settle after it.
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Reads the settings (<c>local.settings.json</c> <c>Values</c> beneath the environment, then <c>host.json</c>),
    /// reads and binds the functions of <paramref name="functionsAssembly"/>, and registers the catalog, the storage
    /// clients on <c>AzureWebJobsStorage</c>, Kestrel on the loopback addresses at <c>Standalone__HttpPort</c>, and the
    /// timer and queue listeners.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">A setting, <c>host.json</c> or a function is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddStandaloneFunctions(this WebApplicationBuilder builder, Assembly functionsAssembly)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        return builder.AddStandaloneFunctions(FunctionCatalog.FromAssembly(functionsAssembly), functionsAssembly.GetName().Name!);
    }

    /// <summary>Maps every enabled HTTP function at <c>&lt;routePrefix&gt;/&lt;route&gt;</c> with its methods.</summary>
    /// <exception cref="FunctionAppConfigurationException">A function takes a <c>[DurableClient]</c> but no <see cref="DurableTaskClient"/> is registered.</exception>
    public static WebApplication MapStandaloneFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var functions = app.Services.GetRequiredService<TriggeredFunctions>();
        var services = app.Services.GetRequiredService<IServiceProviderIsService>();
        if (functions.All.FirstOrDefault(f => f.UsesDurableClient) is { } needsClient && !services.IsService(typeof(DurableTaskClient)))
        {
            throw new FunctionAppConfigurationException(needsClient.Name, $"it takes a [DurableClient] {nameof(DurableTaskClient)}, but none is registered: add the durable part of the standalone host before building the app.");
        }

        HttpFunctionEndpoints.Map(app, functions.Http, app.Services.GetRequiredService<InvocationCancellation>(), app.Services.GetRequiredService<ILoggerFactory>());
        return app;
    }

    /// <summary>Registers the functions of <paramref name="catalog"/>: the public overload's work, for tests that pick their functions.</summary>
    /// <param name="builder">The app.</param>
    /// <param name="catalog">The functions.</param>
    /// <param name="appName">The name the default host id is made from.</param>
    internal static WebApplicationBuilder AddStandaloneFunctions(this WebApplicationBuilder builder, FunctionCatalog catalog, string appName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(catalog);
        var configuration = builder.Configuration;
        configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        var settings = FunctionHostSettings.Read(configuration, appName);
        var options = StandaloneOptions.Read(configuration);
        var host = HostSettings.Load(settings.ScriptRoot);
        var functions = TriggeredFunctions.Create(catalog, configuration, host, TimeProvider.System.GetUtcNow());

        // ListenLocalhost binds 127.0.0.1 and, where there is IPv6, [::1]: "localhost" answers either way.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(options.HttpPort));

        // The functions log each invocation themselves; the framework's per-request lines would only double them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(catalog);
        services.AddSingleton(settings);
        services.AddSingleton(host);
        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(functions);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => StorageClients.CreateQueueService(settings.Storage));
        services.TryAddSingleton(_ => StorageClients.CreateBlobService(settings.Storage));
        services.TryAddSingleton<QueueWakeups>();
        services.TryAddSingleton<FunctionInvoker>();
        services.TryAddSingleton<InvocationCancellation>();
        services.AddHostedService<StandaloneTriggerHost>();

        // IActionResult results execute through MVC's result executors (ObjectResult, ContentResult…).
        services.AddMvcCore();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout + SettleTime);
        return builder;
    }
}
