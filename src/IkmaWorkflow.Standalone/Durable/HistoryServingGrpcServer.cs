using DurableTask.Core;
using DurableTask.Core.History;
using Grpc.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using P = Microsoft.DurableTask.Protobuf;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The sidecar, also serving an instance's history to clients (<c>DurableTaskClient.GetOrchestrationHistoryAsync</c>),
/// as the Functions host does: <see cref="TaskHubGrpcServer"/> streams history only to its own worker, for a large
/// history it is replaying. The history is read from the engine (<see cref="IOrchestrationServiceClient.GetOrchestrationHistoryAsync"/>).
/// </summary>
internal sealed class HistoryServingGrpcServer : TaskHubGrpcServer
{
    // Events per streamed chunk; each is small (ids, names, payloads the engine keeps in blobs when large).
    private const int ChunkSize = 200;

    private readonly IOrchestrationServiceClient _client;

    /// <summary>The sidecar over <paramref name="service"/>, reading histories through <paramref name="client"/>.</summary>
    public HistoryServingGrpcServer(
        IHostApplicationLifetime lifetime,
        ILoggerFactory loggerFactory,
        IOrchestrationService service,
        IOrchestrationServiceClient client,
        IOptions<TaskHubGrpcServerOptions> options)
        : base(lifetime, loggerFactory, service, client, options)
    {
        _client = client;
    }

    /// <inheritdoc/>
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
