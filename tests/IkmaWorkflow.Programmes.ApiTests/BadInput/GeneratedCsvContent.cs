using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// A CSV enrolment file of <c>rows</c> officers written as it is sent, never held whole: the header, then rows of
/// exactly 25 bytes (<c>Officer,batik,Ani 000000</c> to <c>Ani 999999</c>), so a million rows are 25 MB. With <c>declareLength</c> the
/// request says its length; without, it is sent chunked.
/// </summary>
internal sealed class GeneratedCsvContent : HttpContent
{
    public const string Header = "type,track,fullName\n";
    public const int RowBytes = 25;

    private readonly int _rows;
    private readonly bool _declareLength;

    public GeneratedCsvContent(int rows, bool declareLength)
    {
        _rows = rows;
        _declareLength = declareLength;
        Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
    }

    /// <summary>The bytes written so far.</summary>
    public long Written { get; private set; }

    public static string Row(int index) => string.Create(CultureInfo.InvariantCulture, $"Officer,batik,Ani {index:D6}\n");

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new StringBuilder(64 * 1024);
        chunk.Append(Header);
        for (var i = 0; i < _rows; i++)
        {
            chunk.Append(Row(i));
            if (chunk.Length >= 60 * 1024 || i == _rows - 1)
            {
                var bytes = Encoding.UTF8.GetBytes(chunk.ToString());
                await stream.WriteAsync(bytes);
                Written += bytes.Length;
                chunk.Clear();
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Header.Length + ((long)_rows * RowBytes);
        return _declareLength;
    }
}
