using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// An enrolment CSV of <c>rows</c> inmates written as it is sent into one reused buffer, so the driver allocates
/// nearly nothing and what the process allocates is the app's: the header, then rows <c>Inmate,{track},P000000,2024-06</c>,
/// 25 bytes each with a one-letter track, so a million rows are 25 MB. With <c>declareLength</c> the request says its
/// length; without, it is sent chunked.
/// </summary>
internal sealed class CsvUpload(string track, int rows, bool declareLength) : HttpContent
{
    private const string Header = "type,track,fullName,expectedReleaseMonth\n";

    private readonly byte[] _row = Encoding.ASCII.GetBytes($"Inmate,{track},P000000,2024-06\n");

    /// <summary>Sets the content type once the object is built.</summary>
    public CsvUpload Typed()
    {
        Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return this;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Header));
        var buffer = new byte[64 * 1024];
        var digits = Array.IndexOf(_row, (byte)'P') + 1;
        var used = 0;
        for (var i = 0; i < rows; i++)
        {
            if (used + _row.Length > buffer.Length)
            {
                await stream.WriteAsync(buffer.AsMemory(0, used));
                used = 0;
            }

            _row.CopyTo(buffer, used);
            for (int n = i, d = 5; d >= 0; d--, n /= 10)
            {
                buffer[used + digits + d] = (byte)('0' + (n % 10));
            }

            used += _row.Length;
        }

        await stream.WriteAsync(buffer.AsMemory(0, used));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Header.Length + ((long)rows * _row.Length);
        return declareLength;
    }
}
