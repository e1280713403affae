using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// The gRPC channels of the worker and of the client to the <see cref="DurableSidecar"/>. They exist (and the
/// worker and client can be made) before the sidecar listens: a connection waits for its port.
/// </summary>
internal sealed class SidecarChannels : IDisposable
{
    // Any name: connections go to the sidecar's endpoint whatever the address says.
    private static readonly Uri Address = new("http://durable-sidecar");

    public SidecarChannels(DurableSidecar sidecar, ILoggerFactory loggerFactory)
    {
        Worker = Create(sidecar, loggerFactory);
        Client = Create(sidecar, loggerFactory);
    }

    /// <summary>The worker's channel: its work-item stream and completions.</summary>
    public GrpcChannel Worker { get; }

    /// <summary>The client's channel: start, query, raise, terminate and the rest.</summary>
    public GrpcChannel Client { get; }

    /// <summary>Disposes both channels.</summary>
    public void Dispose()
    {
        Worker.Dispose();
        Client.Dispose();
    }

    private static GrpcChannel Create(DurableSidecar sidecar, ILoggerFactory loggerFactory)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection carries 100 streams; a fan-out completes more activities at once than that.
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var endpoint = await sidecar.GetEndpointAsync(cancellationToken);
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,

            // In process there is nothing to protect with a size limit; see DurableSidecar.
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            LoggerFactory = loggerFactory,
        });
    }
}
