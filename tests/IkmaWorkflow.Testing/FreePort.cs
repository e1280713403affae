using System.Net;
using System.Net.Sockets;

namespace IkmaWorkflow.Testing;

/// <summary>Picks TCP ports on 127.0.0.1 that nothing listens on right now.</summary>
public static class FreePort
{
    // Azurite's default ports belong to a developer's own Azurite (./run); tests stay off them.
    private const int ReservedFirst = 10000;
    private const int ReservedLast = 10002;

    /// <summary>Returns one free TCP port on 127.0.0.1.</summary>
    public static int Next() => Next(1)[0];

    /// <summary>Returns <paramref name="count"/> distinct free TCP ports on 127.0.0.1.</summary>
    public static int[] Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        // Every listener stays bound until all are picked, so the kernel cannot hand out one port twice.
        var listeners = new List<TcpListener>(count);
        try
        {
            while (listeners.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            var ports = new int[count];
            for (var i = 0; i < count; i++)
            {
                var port = ((IPEndPoint)listeners[i].LocalEndpoint).Port;
                while (port is >= ReservedFirst and <= ReservedLast)
                {
                    var replacement = new TcpListener(IPAddress.Loopback, 0);
                    replacement.Start();
                    listeners.Add(replacement);
                    port = ((IPEndPoint)replacement.LocalEndpoint).Port;
                }

                ports[i] = port;
            }

            return ports;
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
