using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The durable engine of the standalone host: the Azure Storage orchestration service, served over gRPC on a free
/// loopback port by <see cref="TaskHubGrpcServer"/> (the sidecar of Microsoft.DurableTask's in-process test host,
/// through <see cref="StandaloneTaskHubGrpcServer"/>),
/// for the app's gRPC worker and client. Starts before the worker and stops after it.
/// </summary>
/// <remarks>
/// <para>The server runs in a small web app of its own (Kestrel, HTTP/2 without TLS, 127.0.0.1 only), so nothing of
/// the app's own HTTP pipeline, URLs or configuration reaches it. It dispatches work only while the worker is
/// connected, and starts the engine (partition leases, queue listeners) when the worker first connects.</para>
/// <para>Stop: the server stops first, which ends the dispatchers' polling; the work items still held (the worker
/// has stopped and will not complete them) go back to their queues; then the engine stops and releases its
/// partitions, so another host takes them over at once. If storage cannot be reached, or the host's shutdown
/// timeout passes first, partitions are taken over when their leases expire instead.</para>
/// </remarks>
internal sealed class DurableSidecar : IHostedService, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly SidecarOrchestrationService _dispatchService;
    private readonly DurableFunctionSet _functions;
    private readonly DurableHostSettings _settings;
    private readonly DurableWorkerIdentity _identity;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<IPEndPoint> _endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;
    private WebApplication? _server;

    public DurableSidecar(
        AzureStorageOrchestrationService service,
        SidecarOrchestrationService dispatchService,
        DurableFunctionSet functions,
        DurableHostSettings settings,
        DurableWorkerIdentity identity,
        IServiceProvider services,
        ILoggerFactory loggerFactory)
    {
        _service = service;
        _dispatchService = dispatchService;
        _functions = functions;
        _settings = settings;
        _identity = identity;
        _services = services;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DurableSidecar>();
    }

    /// <summary>The server's address once it listens; gRPC connections wait for it.</summary>
    public Task<IPEndPoint> GetEndpointAsync(CancellationToken cancellationToken) => _endpoint.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Checks the functions' services, then, in the background, creates the task hub if needed and starts serving: the
    /// app starts (and answers its health check) while its storage is unreachable, and the engine comes up when the
    /// storage answers. Until then gRPC connections wait for the endpoint.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _functions.CheckServices(_services.GetRequiredService<IServiceProviderIsService>());
        _starting = Task.Run(() => StartServingAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StartServingAsync(CancellationToken stopping)
    {
        // Tables, queues and containers exist before the first client call, as in Durable Functions, so that
        // starting or querying instances works before the worker has connected.
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await _service.CreateIfNotExistsAsync().WaitAsync(stopping);
                break;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                DurableLog.TaskHubUnavailable(_logger, ex, _settings.HubName, delay);
                await Task.Delay(delay, stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        var server = BuildServer();
        try
        {
            await server.StartAsync(stopping);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        _server = server;
        var endpoint = new IPEndPoint(IPAddress.Loopback, new Uri(server.Urls.Single()).Port);
        _endpoint.TrySetResult(endpoint);
        foreach (var function in _functions.Orchestrators.Concat(_functions.Activities))
        {
            DurableLog.FunctionRegistered(_logger, function.Function.Kind, function.Name, function.Function.Method);
        }

        DurableLog.Started(_logger, _settings.HubName, endpoint, _identity.WorkerId, _settings.PartitionCount, _functions.Orchestrators.Count, _functions.Activities.Count);
    }

    /// <summary>Stops serving, hands in-flight work back and stops the engine, within the host's shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _starting.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the storage answered: there is nothing to stop.
        }

        if (_server is not { } server)
        {
            return;
        }

        DurableLog.Stopping(_logger, _settings.HubName);
        try
        {
            // Stopping the server signals the sidecar's dispatchers to stop polling.
            await server.StopAsync(cancellationToken);
            await _dispatchService.HandBackAsync().WaitAsync(cancellationToken);
            await _dispatchService.StopAsync(isForced: true).WaitAsync(cancellationToken);
            DurableLog.Stopped(_logger, _settings.HubName);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            DurableLog.StopTimedOut(_logger, _settings.HubName, _settings.PartitionLeaseInterval);
        }
    }

    /// <summary>Disposes the server.</summary>
    public async ValueTask DisposeAsync()
    {
        // Disposed twice (as a hosted service and as itself), so the token source is only cancelled, never disposed.
        await _stopping.CancelAsync();
        _endpoint.TrySetCanceled();
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    private WebApplication BuildServer()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DurableSidecar).Assembly.GetName().Name,
        });

        // The app's logging, not a second set of providers; the factory stays the app's to dispose.
        builder.Services.AddLogging();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRoutingCore();

        // No message size limit in process: gRPC's default 4 MB would fail the completion of a large activity
        // output, and the worker then abandons the work item, which this server ignores (it stays held). The
        // engine itself moves large payloads to blobs.
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });

        // Dispatch goes through the renewing decorator; client calls (start, query, purge...) go to the engine.
        builder.Services.AddSingleton<IOrchestrationService>(_dispatchService);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(_service);
        builder.Services.AddSingleton(_settings);
        builder.Services.AddSingleton<StandaloneTaskHubGrpcServer>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<StandaloneTaskHubGrpcServer>();
        return app;
    }
}
