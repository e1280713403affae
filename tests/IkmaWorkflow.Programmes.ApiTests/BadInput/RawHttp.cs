using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// A request written byte by byte on a socket, for what HttpClient will not send: a body shorter than its declared
/// length, after which the client sends nothing more (it stalled mid-upload) and waits for the answer.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, JsonNode? Body)> SendAsync(Uri baseAddress, string method, string path, IEnumerable<(string Name, string Value)> headers, byte[] body, long declaredLength)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} /{path} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {baseAddress.Host}:{baseAddress.Port}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {declaredLength}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await socket.SendAsync(body);

        using var answer = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        var bytes = answer.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var responseHead = Encoding.ASCII.GetString(bytes, 0, Math.Max(split, 0));
        var status = int.Parse(responseHead.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        var content = split < 0 ? [] : bytes[(split + 4)..];
        if (responseHead.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            content = Unchunk(content);
        }

        return (status, content.Length == 0 ? null : JsonNode.Parse(content));
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        using var result = new MemoryStream();
        var position = 0;
        while (true)
        {
            var end = position + chunked.AsSpan(position).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked, position, end - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return result.ToArray();
            }

            result.Write(chunked, end + 2, size);
            position = end + 2 + size + 2;
        }
    }
}
