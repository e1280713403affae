using System.Net;
using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.CustomHandler.Standalone;
using IkmaWorkflow.CustomHandler.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.CustomHandler;

/// <summary>Sets up an ASP.NET Core app as an Azure Functions custom handler that also runs standalone.</summary>
public static class CustomHandlerExtensions
{
    /// <summary>
    /// Reads and checks the Functions settings and the function folders, listens where the host expects (IPv4 loopback
    /// on <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>) or, standalone, on <see cref="StandaloneOptions.HttpPort"/>, and
    /// registers the invoker, the storage clients, the queue writer and, standalone, the trigger listeners.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">A setting or function file is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddCustomHandler(this WebApplicationBuilder builder)
    {
        var settings = FunctionHostSettings.Read(builder.Configuration);
        var app = FunctionAppMetadata.Load(settings.ScriptRoot, builder.Configuration);
        var standalone = ReadStandaloneOptions(builder.Configuration);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (settings.CustomHandlerPort is { } port)
            {
                // The host probes and calls http://127.0.0.1:{port}; an IPv6-only or hostname binding never answers it.
                kestrel.Listen(IPAddress.Loopback, port);
            }
            else
            {
                kestrel.ListenLocalhost(standalone.HttpPort);
            }
        });

        // The host logs each request itself; the framework's per-request lines would only double them.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(app);
        services.AddOptions<StandaloneOptions>().BindConfiguration(StandaloneOptions.SectionName);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageClients.CreateQueueService(settings.Storage));
        services.AddSingleton(_ => StorageClients.CreateBlobService(settings.Storage));
        services.AddSingleton<QueueWakeups>();
        services.AddSingleton<QueueMessageWriter>();
        services.AddSingleton<FunctionInvoker>();
        if (!settings.IsHostMode)
        {
            services.AddHostedService<StandaloneTriggerHost>();

            // In-flight invocations get their grace period before the host's own shutdown timeout cuts them off.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = standalone.ShutdownTimeout + TimeSpan.FromSeconds(15));
        }

        return builder;
    }

    private static StandaloneOptions ReadStandaloneOptions(ConfigurationManager configuration)
    {
        StandaloneOptions options;
        try
        {
            options = configuration.GetSection(StandaloneOptions.SectionName).Get<StandaloneOptions>() ?? new StandaloneOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder says "...value 'abc' at 'Standalone:Key' to type...": users write the key Standalone__Key.
            var key = System.Text.RegularExpressions.Regex.Match(ex.Message, " at '([^']+)'").Groups[1].Value.Replace(":", "__", StringComparison.Ordinal);
            var value = configuration[key.Replace("__", ":", StringComparison.Ordinal)];
            throw new FunctionAppConfigurationException(key.Length > 0 ? key : StandaloneOptions.SectionName, $"\"{value}\" is not a valid value: durations are written like \"00:00:30\", ports and counts as whole numbers.", ex);
        }

        return options.Validate() is { } problem ? throw new FunctionAppConfigurationException(problem.Key, problem.Problem) : options;
    }

    /// <summary>Registers the handler of the queue- or timer-triggered function in folder <paramref name="name"/>.</summary>
    public static IServiceCollection AddTriggerFunction(this IServiceCollection services, string name, Func<IServiceProvider, TriggerInvocation, CancellationToken, Task> handler) =>
        services.AddSingleton(new TriggerFunctionRegistration(name, handler));

    /// <summary>
    /// Maps the host's invocation endpoints (under the host only) and checks that function folders and code agree.
    /// Call it after mapping the HTTP functions.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">A function folder and the code disagree; the message lists each mismatch.</exception>
    public static WebApplication MapCustomHandler(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<FunctionHostSettings>();
        if (settings.IsHostMode)
        {
            app.MapCustomHandlerInvocations();
        }
        else
        {
            // Standalone, the readiness answer is still useful to scripts that wait for the app.
            app.MapGet("/", () => TypedResults.Json(new { status = "ready" })).ExcludeFromDescription();
        }

        var problems = FunctionAppConsistency.Check(
            app.Services.GetRequiredService<FunctionAppMetadata>(),
            app.Services.GetServices<TriggerFunctionRegistration>(),
            new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources));
        if (problems.Count > 0)
        {
            throw new FunctionAppConfigurationException(settings.ScriptRoot, "the function folders and the code disagree:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return app;
    }
}
