using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>
/// A TCP relay in front of an Azurite's blob, queue and table ports. Pulling it cuts every connection and refuses
/// new ones, so a host that reaches storage through it is, to storage, a process that was killed: its leases lapse
/// and its dequeued messages stay invisible until their timeouts, and nothing it does afterwards arrives.
/// </summary>
internal sealed class StoragePlug : IAsyncDisposable
{
    private readonly CancellationTokenSource _pulled = new();
    private readonly List<TcpListener> _listeners = [];
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly List<Task> _accepting = [];

    private StoragePlug(AzuriteInstance azurite)
    {
        var ports = new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Select(Relay).ToArray();
        ConnectionString =
            "DefaultEndpointsProtocol=http;" +
            $"AccountName={AzuriteInstance.AccountName};" +
            $"AccountKey={AzuriteInstance.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{AzuriteInstance.AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{ports[1]}/{AzuriteInstance.AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/{AzuriteInstance.AccountName};";
    }

    /// <summary>The storage connection string through the plug.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts relaying to <paramref name="azurite"/>.</summary>
    public static StoragePlug Start(AzuriteInstance azurite) => new(azurite);

    /// <summary>Cuts every connection (with a reset) and refuses new ones.</summary>
    public void Pull()
    {
        _pulled.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        foreach (var socket in _sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Pulls the plug and waits for its relays to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Pull();
        await Task.WhenAll(_accepting);
        _pulled.Dispose();
    }

    private int Relay(int targetPort)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listeners.Add(listener);
        _accepting.Add(AcceptAsync(listener, targetPort));
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, int targetPort)
    {
        while (!_pulled.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_pulled.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ConnectAsync(client, targetPort);
        }
    }

    private async Task ConnectAsync(Socket client, int targetPort)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(client);
        _sockets.Add(server);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, targetPort, _pulled.Token);
            await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _pulled.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _pulled.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }
}
