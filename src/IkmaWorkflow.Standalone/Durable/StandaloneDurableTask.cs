using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using IkmaWorkflow.Standalone.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>Adds the durable engine of the standalone host: orchestrator and activity functions run as Durable Functions runs them on Azure Storage.</summary>
public static class StandaloneDurableTask
{
    private const string SiteNameSetting = "WEBSITE_SITE_NAME";

    /// <summary>
    /// Registers the Durable Task Azure Storage engine on the account of the <c>AzureWebJobsStorage</c> setting (or
    /// the one <see cref="DurableHostSettings.ConnectionName"/> names; a connection string or the identity-based form
    /// with <c>__accountName</c> or the three <c>__…ServiceUri</c> keys, <c>__credential</c> and <c>__clientId</c>), served in-process over gRPC on a free
    /// loopback port; a Microsoft.DurableTask gRPC worker running every <c>[OrchestrationTrigger]</c> and
    /// <c>[ActivityTrigger]</c> function of <paramref name="catalog"/> under its function name; and a
    /// <see cref="DurableTaskClient"/> singleton. The engine starts and stops with the host.
    /// </summary>
    /// <remarks>
    /// <para>The task hub has Durable Functions' storage layout for <see cref="DurableHostSettings.HubName"/>
    /// (<c>{hub}Instances</c>, <c>{hub}History</c> and <c>{hub}Partitions</c> tables, <c>{hub}-control-NN</c> and
    /// <c>{hub}-workitems</c> queues, <c>{hub}-applease</c> and <c>{hub}-largemessages</c> containers), so a
    /// deployment's data and tools work on it.</para>
    /// <para>Also registered: the engine itself, <see cref="AzureStorageOrchestrationService"/> (and as
    /// <see cref="IOrchestrationServiceClient"/>), for what the gRPC client does not offer here, such as an
    /// instance's history (<see cref="AzureStorageOrchestrationService.GetOrchestrationHistoryAsync"/>); and, unless
    /// the app registered its own, the <see cref="DataConverter"/> of inputs and outputs, System.Text.Json with the
    /// app's <see cref="JsonSerializerOptions"/> (property names case-insensitive, as the isolated worker's).</para>
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="catalog">The app's functions.</param>
    /// <param name="configuration">The app settings, for the storage connection and <c>WEBSITE_SITE_NAME</c>.</param>
    /// <param name="settings">The <c>host.json</c> settings, usually from <see cref="DurableHostSettings.FromHostJson"/>.</param>
    /// <returns>The services.</returns>
    /// <exception cref="FunctionAppConfigurationException">
    /// A setting is out of range, the storage connection is missing or malformed, or a function has a signature the host cannot
    /// run (the message names it). A function's service parameters are checked when the host starts.
    /// </exception>
    public static IServiceCollection AddStandaloneDurableTask(
        this IServiceCollection services, FunctionCatalog catalog, IConfiguration configuration, DurableHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);

        settings.Validate();
        var functions = DurableFunctionSet.From(catalog);
        var storage = StorageConnection.IsSet(configuration, settings.ConnectionName)
            ? StorageConnection.Read(configuration, settings.ConnectionName, (key, problem) => new FunctionAppConfigurationException(key, problem))
            : throw FunctionAppConfigurationException.Worded(
                settings.ConnectionName,
                $"The setting {settings.ConnectionName} must hold the connection string of the task hub's storage account (\"UseDevelopmentStorage=true\" for Azurite), or its identity-based form ({settings.ConnectionName}__accountName).");
        var identity = DurableWorkerIdentity.Create(configuration[SiteNameSetting] ?? string.Empty);

        services.AddSingleton(settings);
        services.AddSingleton(identity);
        services.AddSingleton(functions);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<JsonSerializerOptions>, FunctionsJsonDefaults>());
        services.TryAddSingleton<DataConverter>(sp => new JsonDataConverter(sp.GetRequiredService<IOptions<JsonSerializerOptions>>().Value));

        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            settings.ToOrchestrationServiceSettings(storage, identity.AppName, identity.WorkerId, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton(sp => new SidecarOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SidecarOrchestrationService>>()));

        // Registered before the worker, so that it starts first (the worker connects to it) and stops last.
        services.AddSingleton<DurableSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddSingleton<SidecarChannels>();

        services.AddDurableTaskWorker(builder => builder.UseGrpc());

        // The registry is an options object; configuring it here hands orchestrators the app's root services, which
        // its orchestrator factories otherwise do not get (activities get a scope's services from the worker).
        services.AddOptions<DurableTaskRegistry>(Options.DefaultName).Configure<IServiceProvider>((registry, root) =>
        {
            foreach (var orchestrator in functions.Orchestrators)
            {
                registry.AddOrchestrator(orchestrator.Name, () => new FunctionOrchestrator(orchestrator, root));
            }

            foreach (var activity in functions.Activities)
            {
                registry.AddActivity(activity.Name, sp => new FunctionActivity(activity, sp));
            }
        });
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName).Configure<SidecarChannels>((options, channels) =>
        {
            options.Channel = channels.Worker;

            // The in-process sidecar sends no health pings, so an idle stream would otherwise be taken for a dead
            // one every two minutes and reconnected, racing the server's connection bookkeeping for nothing.
            options.SetSilentDisconnectTimeout(TimeSpan.Zero);
        });
        services.AddOptions<DurableTaskWorkerOptions>(Options.DefaultName).Configure(options =>
        {
            options.Concurrency.MaximumConcurrentActivityWorkItems = settings.MaxConcurrentActivityFunctions;
            options.Concurrency.MaximumConcurrentOrchestrationWorkItems = settings.MaxConcurrentOrchestratorFunctions;
        });

        services.AddDurableTaskClient(builder => builder.UseGrpc());
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName).Configure<SidecarChannels>((options, channels) => options.Channel = channels.Client);
        return services;
    }
}
