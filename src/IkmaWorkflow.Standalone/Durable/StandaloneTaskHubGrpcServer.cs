using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using Grpc.Core;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using P = Microsoft.DurableTask.Protobuf;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// <see cref="TaskHubGrpcServer"/> with the start of an instance as Durable Functions does it, which
/// 0.2.3-preview.1 gets wrong in two ways: it drops <c>StartOrchestrationOptions.StartAt</c> (the instance starts at
/// once; the engine supports a start time, keeping the start message invisible until then), and without a reuse
/// policy from the caller it lets a start replace an instance that is still running (Durable Functions refuses
/// that by default, <c>overridableExistingInstanceStates: NonRunningStates</c>).
/// </summary>
internal sealed class StandaloneTaskHubGrpcServer : TaskHubGrpcServer
{
    // The statuses Durable Functions does not let a start replace under NonRunningStates.
    private static readonly OrchestrationStatus[] Active =
        [OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Pending, OrchestrationStatus.Suspended];

    private readonly IOrchestrationServiceClient _client;
    private readonly DurableHostSettings _settings;

    public StandaloneTaskHubGrpcServer(
        IHostApplicationLifetime hostApplicationLifetime,
        ILoggerFactory loggerFactory,
        IOrchestrationService service,
        IOrchestrationServiceClient client,
        IOptions<TaskHubGrpcServerOptions> options,
        DurableHostSettings settings)
        : base(hostApplicationLifetime, loggerFactory, service, client, options)
    {
        _client = client;
        _settings = settings;
    }

    /// <summary>Starts an instance, at its start time if it has one, unless an instance it may not replace has its id.</summary>
    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = new OrchestrationInstance
        {
            InstanceId = string.IsNullOrEmpty(request.InstanceId) ? Guid.NewGuid().ToString("N") : request.InstanceId,
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, request.Input)
        {
            Name = request.Name,
            Version = request.Version,
            OrchestrationInstance = instance,
            Tags = request.Tags.ToDictionary(tag => tag.Key, tag => tag.Value),
            ScheduledStartTime = request.ScheduledStartTimestamp?.ToDateTime(),
            ParentTraceContext = request.ParentTraceContext is { } trace ? new DistributedTraceContext(trace.TraceParent, trace.TraceState) : null,
        };

        // The statuses an existing instance may not be in to be replaced: from the caller's reuse policy, else the
        // host's overridableExistingInstanceStates.
        var dedupeStatuses = ProtoUtils.ConvertReusePolicyToDedupeStatuses(request.OrchestrationIdReusePolicy)?.Select(status => (OrchestrationStatus)status).ToArray()
            ?? (_settings.OverridableExistingInstanceStates == OverridableInstanceStates.NonRunningStates ? Active : null);
        try
        {
            await _client.CreateTaskOrchestrationAsync(new TaskMessage { Event = started, OrchestrationInstance = instance }, dedupeStatuses);
        }
        catch (OrchestrationAlreadyExistsException exception)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, exception.Message));
        }

        return new P.CreateInstanceResponse { InstanceId = instance.InstanceId };
    }
}
