using DurableTask.AzureStorage;
using IkmaWorkflow.Standalone.Durable;
using IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>A host with only the durable engine, running this assembly's test functions on one task hub.</summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private static readonly Lazy<FunctionCatalog> Catalog = new(() => FunctionCatalog.FromAssembly(typeof(DurableTestHost).Assembly));
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;
    private int _stopped;

    private DurableTestHost(IHost host) => _host = host;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The gRPC client registered by the host.</summary>
    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The engine registered by the host.</summary>
    public AzureStorageOrchestrationService Engine => _host.Services.GetRequiredService<AzureStorageOrchestrationService>();

    /// <summary>
    /// Settings a test starts from: hub <paramref name="hubName"/>, quick polling, and room for an Azurite slowed by
    /// a busy machine (partition-table calls may take 10 s, not 2); everything else Durable Functions' defaults.
    /// </summary>
    public static DurableHostSettings Settings(string hubName) => new()
    {
        HubName = hubName,
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        PartitionTableOperationTimeout = SlowStorage,
    };

    /// <summary>How long a partition-table call may take in tests.</summary>
    public static TimeSpan SlowStorage { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Builds and starts a host on <paramref name="connectionString"/>. The test functions' services get defaults
    /// (host name "host", greeting "Hello") unless <paramref name="configure"/> registers its own.
    /// </summary>
    public static async Task<DurableTestHost> StartAsync(string connectionString, DurableHostSettings settings, Action<IServiceCollection>? configure = null)
    {
        var host = Build(connectionString, settings, configure);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new DurableTestHost(host);
    }

    /// <summary>Builds a host without starting it.</summary>
    public static IHost Build(string connectionString, DurableHostSettings settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", connectionString)]);
        if (TestLogFile.For(settings.HubName) is { } log)
        {
            builder.Logging.AddProvider(log);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddStandaloneDurableTask(Catalog.Value, builder.Configuration, settings);
        configure?.Invoke(builder.Services);
        builder.Services.TryAddSingleton<AttemptCounter>();
        builder.Services.TryAddSingleton(new Greeter("Hello"));
        builder.Services.TryAddSingleton(new HostName("host"));
        builder.Services.TryAddSingleton<WorkLedger>();
        return builder.Build();
    }

    /// <summary>Waits for <paramref name="instanceId"/> to finish and returns it with inputs and outputs, or fails saying where it is.</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            var now = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            Assert.Fail($"Instance {instanceId} did not finish within {timeout.TotalSeconds:0} s; it is {now?.RuntimeStatus.ToString() ?? "missing"} (custom status {now?.SerializedCustomStatus}).");
            throw;
        }
    }

    /// <summary>Stops the host gracefully (once).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _host.StopAsync(timeout.Token);
        }
    }

    /// <summary>
    /// Gives up on a host whose storage is gone: a stop bounded to a moment (it cannot release anything) and a
    /// dispose. Background work it still has fails against the missing storage and ends with the test process.
    /// </summary>
    public async Task AbandonAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await DisposeAsync();
    }

    /// <summary>Stops (if not stopped) and disposes the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
