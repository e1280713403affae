using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace IkmaWorkflow.DemoData;

/// <summary>A file the demo uploads: generated, marked as demo material, the same bytes on every run.</summary>
/// <param name="FileName">The file name sent.</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Content">The bytes.</param>
public sealed record DemoFile(string FileName, string ContentType, byte[] Content)
{
    /// <summary>The SHA-256 of the bytes, lower-case hex, as the app reports it.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));

    /// <summary>A one-page PDF whose lines say it is demo material, with no dates or ids that change between runs.</summary>
    public static DemoFile Pdf(string fileName, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder("BT /F1 11 Tf 50 780 Td 14 TL\n");
        foreach (var line in new[] { "DEMO - CONTOH DATA - NOT A REAL DOCUMENT / BUKAN DOKUMEN ASLI", string.Empty }.Concat(lines))
        {
            text.Append('(').Append(PdfString(line)).Append(") Tj T*\n");
        }

        text.Append("ET");
        var stream = text.ToString();
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.Latin1.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return new DemoFile(fileName, "application/pdf", Encoding.Latin1.GetBytes(pdf.ToString()));
    }

    /// <summary>A plain-text (CSV) file.</summary>
    public static DemoFile Csv(string fileName, string text) => new(fileName, "text/csv", Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// A small PNG "photo": diagonal stripes in batik colours (no people, so no identifiable faces), seeded so each
    /// case's photo differs.
    /// </summary>
    public static DemoFile StripedPng(string fileName, int seed)
    {
        const int width = 96;
        const int height = 64;
        byte[][] palette = [[0x5B, 0x3A, 0x1E], [0xC8, 0x9B, 0x4B], [0xF2, 0xE6, 0xC9], [0x1F, 0x3B, 0x5C]];
        var raw = new byte[height * ((width * 3) + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var colour = palette[(((x + y) / 8) + seed) % palette.Length];
                colour.CopyTo(raw, row + 1 + (x * 3));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "tEXt", Encoding.Latin1.GetBytes("Comment\0DEMO - contoh foto dokumentasi, bukan foto asli"));
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return new DemoFile(fileName, "image/png", png.ToArray());
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.HashToUInt32(typeAndData));
        png.Write(number);
    }

    // The built-in Helvetica reads Latin-1; anything else becomes '?', and the string delimiters are escaped.
    private static string PdfString(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '(' or ')' or '\\' => "\\" + c,
            _ when c > 0xFF => "?",
            _ => c.ToString(),
        }));
}
