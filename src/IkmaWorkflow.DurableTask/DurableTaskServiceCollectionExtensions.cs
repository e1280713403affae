using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.DurableTask.Storage;
using IkmaWorkflow.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.DurableTask;

/// <summary>Registers the durable runtime.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registry, worker and client on the given storage clients. <paramref name="register"/> adds the
    /// orchestrators and activities. The runtime's clock is the registered <see cref="TimeProvider"/>
    /// (<see cref="TimeProvider.System"/> unless another is registered).
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, DurableTaskOptions options, Action<DurableTaskRegistry> register)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var registry = new DurableTaskRegistry();
        register(registry);
        // Every time the runtime records or compares (episode times, timers, scheduled starts, retries) comes from
        // this clock; a test registers a fake one before or after this call.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new DurableStorage(
            options,
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<QueueServiceClient>(),
            sp.GetRequiredService<BlobServiceClient>()));
        services.AddSingleton(sp => new DurableTaskWorker(
            sp.GetRequiredService<DurableStorage>(),
            registry,
            sp,
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None));
        services.AddSingleton(sp => new DurableTaskClient(sp.GetRequiredService<DurableStorage>(), registry, options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Calls <paramref name="onSent"/> with the queue name after the runtime sends a message, so a local listener can wake.</summary>
    public static IServiceProvider OnDurableMessageSent(this IServiceProvider services, Action<string> onSent)
    {
        services.GetRequiredService<DurableStorage>().MessageSent += onSent;
        return services;
    }

    /// <summary>Creates the runtime's table, queues and container when missing.</summary>
    public static Task EnsureDurableStorageAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<DurableStorage>().EnsureCreatedAsync(cancellationToken);
}
