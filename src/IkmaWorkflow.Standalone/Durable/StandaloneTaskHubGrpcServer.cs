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
using Newtonsoft.Json.Linq;
using P = Microsoft.DurableTask.Protobuf;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// <see cref="TaskHubGrpcServer"/> with the start of an instance as Durable Functions does it, which
/// 0.2.3-preview.1 gets wrong in two ways: it drops <c>StartOrchestrationOptions.StartAt</c> (the instance starts at
/// once; the engine supports a start time, keeping the start message invisible until then), and without a reuse
/// policy from the caller it lets a start replace an instance that is still running (Durable Functions refuses
/// that by default, <c>overridableExistingInstanceStates: NonRunningStates</c>). It also serves instance history to
/// clients, which the base class does not.
/// </summary>
internal sealed class StandaloneTaskHubGrpcServer : TaskHubGrpcServer
{
    // The statuses Durable Functions does not let a start replace under NonRunningStates.
    private static readonly OrchestrationStatus[] Active =
        [OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Pending, OrchestrationStatus.Suspended];

    // Events per streamed history chunk; each is small (ids, names, payloads the engine keeps in blobs when large).
    private const int ChunkSize = 200;

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

    /// <summary>
    /// Streams an instance's history to a client (<c>DurableTaskClient.GetOrchestrationHistoryAsync</c>), as the
    /// Functions host does, read from the engine; the base class streams history only to its own worker, for a large
    /// history it is replaying.
    /// </summary>
    public override async Task StreamInstanceHistory(P.StreamInstanceHistoryRequest request, IServerStreamWriter<P.HistoryChunk> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        if (request.ForWorkItemProcessing)
        {
            await base.StreamInstanceHistory(request, responseStream, context).ConfigureAwait(false);
            return;
        }

        var json = await _client.GetOrchestrationHistoryAsync(request.InstanceId, string.IsNullOrEmpty(request.ExecutionId) ? null : request.ExecutionId).ConfigureAwait(false);
        var chunk = new P.HistoryChunk();
        foreach (var history in ReadEvents(json))
        {
            chunk.Events.Add(ProtobufUtils.ToHistoryEventProto(history));
            if (chunk.Events.Count == ChunkSize)
            {
                await responseStream.WriteAsync(chunk).ConfigureAwait(false);
                chunk = new P.HistoryChunk();
            }
        }

        if (chunk.Events.Count > 0)
        {
            await responseStream.WriteAsync(chunk).ConfigureAwait(false);
        }
    }

    // The engine writes the events as JSON without type names; each carries its EventType, which names its class.
    private static IEnumerable<HistoryEvent> ReadEvents(string json)
    {
        if (string.IsNullOrEmpty(json))
        {
            yield break;
        }

        foreach (var item in JArray.Parse(json).OfType<JObject>())
        {
            var eventType = item[nameof(HistoryEvent.EventType)] switch
            {
                JValue { Type: JTokenType.Integer } number => ((EventType)number.Value<int>()).ToString(),
                JValue { Type: JTokenType.String } name => name.Value<string>(),
                _ => null,
            };
            var type = eventType is null ? null : typeof(HistoryEvent).Assembly.GetType($"{typeof(HistoryEvent).Namespace}.{eventType}Event");
            if (type is not null && item.ToObject(type) is HistoryEvent history)
            {
                yield return history;
            }
        }
    }
}
