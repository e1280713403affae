using System.Buffers.Binary;
using System.Text;

namespace IkmaWorkflow.Programmes.Documents;

/// <summary>
/// Walks an image's structure to its end and rebuilds it without the parts that can tell where and when a photo was
/// taken: a phone writes the GPS position into EXIF, and editors copy it into XMP. The pixels are not decoded or
/// re-encoded, so the image is otherwise byte for byte what was sent. A file whose structure breaks off before the
/// image's end is refused.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>JPEG: every APP1 segment (EXIF, XMP, and any other kind) is dropped; the walk follows the segments and the
/// entropy-coded data of each scan to the end-of-image marker.</item>
/// <item>PNG: <c>eXIf</c> chunks, and text chunks whose keyword marks EXIF or XMP (<c>XML:com.adobe.xmp</c>,
/// <c>Raw profile type exif</c>, <c>APP1</c> or <c>xmp</c>) are dropped; the walk goes to <c>IEND</c>.</item>
/// <item>WebP: <c>EXIF</c> and <c>XMP </c> chunks are dropped and the matching flags of the <c>VP8X</c> header cleared.</item>
/// <item>Anything after the image's end (a motion-photo video, an appended file) is dropped.</item>
/// </list>
/// Other metadata stays: JPEG APP13 (Photoshop/IPTC), ICC colour profiles, comments, PNG text chunks with other keywords.
/// </remarks>
public static class ImageMetadata
{
    /// <summary>The JPEG without APP1 segments and trailing bytes, or why it is refused.</summary>
    public static ContentCheck StripJpeg(byte[] jpeg)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        var removed = new List<RemovedPart>();
        using var kept = new MemoryStream(jpeg.Length);
        kept.Write(jpeg, 0, 2);
        var at = 2;
        var scans = 0;
        while (true)
        {
            if (at + 1 >= jpeg.Length)
            {
                return Truncated("JPEG");
            }

            if (jpeg[at] != 0xFF)
            {
                return Malformed("JPEG", at, "a segment marker (0xFF) was expected");
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                // A fill byte before a marker.
                at++;
                continue;
            }

            if (marker == 0xD9)
            {
                kept.Write(jpeg, at, 2);
                at += 2;
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                kept.Write(jpeg, at, 2);
                at += 2;
                continue;
            }

            if (at + 4 > jpeg.Length)
            {
                return Truncated("JPEG");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            var end = at + 2 + length;
            if (length < 2)
            {
                return Malformed("JPEG", at, $"segment 0xFF{marker:X2} has length {length}");
            }

            if (end > jpeg.Length)
            {
                return Truncated("JPEG");
            }

            if (marker == 0xE1)
            {
                var data = jpeg.AsSpan(at + 4, length - 2);
                Add(removed, data.StartsWith("Exif\0"u8) ? RemovedPart.Exif
                    : data.StartsWith("http://ns.adobe.com/xap/1.0/"u8) || data.StartsWith("http://ns.adobe.com/xmp/extension/"u8) ? RemovedPart.Xmp
                    : RemovedPart.OtherMetadata);
            }
            else
            {
                kept.Write(jpeg, at, end - at);
            }

            at = end;
            if (marker == 0xDA)
            {
                // The scan's entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
                scans++;
                var data = at;
                while (at + 1 < jpeg.Length && !(jpeg[at] == 0xFF && jpeg[at + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7))))
                {
                    at++;
                }

                if (at + 1 >= jpeg.Length)
                {
                    return Truncated("JPEG");
                }

                kept.Write(jpeg, data, at - data);
            }
        }

        if (scans == 0)
        {
            return Malformed("JPEG", at, "it ends without any image data (no scan)");
        }

        if (at < jpeg.Length)
        {
            Add(removed, RemovedPart.TrailingData);
        }

        return new ContentCheck(removed.Count == 0 ? jpeg : kept.ToArray(), removed, null);
    }

    /// <summary>The PNG without EXIF and XMP chunks and trailing bytes, or why it is refused.</summary>
    public static ContentCheck StripPng(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        var removed = new List<RemovedPart>();
        using var kept = new MemoryStream(png.Length);
        kept.Write(png, 0, 8);
        var at = 8;
        var images = 0;
        while (true)
        {
            if (at + 12 > png.Length)
            {
                return Truncated("PNG");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            if (length > int.MaxValue || !type.All(char.IsAsciiLetter))
            {
                return Malformed("PNG", at, "a chunk header was expected");
            }

            if (at == 8 && type != "IHDR")
            {
                return Malformed("PNG", at, "the first chunk is not IHDR");
            }

            var end = at + 12 + (long)length;
            if (end > png.Length)
            {
                return Truncated("PNG");
            }

            var data = png.AsSpan(at + 8, (int)length);
            var part = type switch
            {
                "eXIf" => RemovedPart.Exif,
                "tEXt" or "zTXt" or "iTXt" => TextChunkPart(data),
                _ => (RemovedPart?)null,
            };
            if (part is { } dropped)
            {
                Add(removed, dropped);
            }
            else
            {
                kept.Write(png, at, (int)(end - at));
            }

            images += type == "IDAT" ? 1 : 0;
            at = (int)end;
            if (type == "IEND")
            {
                break;
            }
        }

        if (images == 0)
        {
            return Malformed("PNG", at, "it ends without any image data (no IDAT chunk)");
        }

        if (at < png.Length)
        {
            Add(removed, RemovedPart.TrailingData);
        }

        return new ContentCheck(removed.Count == 0 ? png : kept.ToArray(), removed, null);
    }

    /// <summary>The WebP without <c>EXIF</c> and <c>XMP </c> chunks (their <c>VP8X</c> flags cleared) and trailing bytes, or why it is refused.</summary>
    public static ContentCheck StripWebP(byte[] webp)
    {
        ArgumentNullException.ThrowIfNull(webp);
        var removed = new List<RemovedPart>();
        var riffEnd = 8 + (long)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(4));
        if (riffEnd > webp.Length)
        {
            return Truncated("WebP");
        }

        var chunks = new List<(string Type, int Start, int End)>();
        var at = 12;
        while (at < riffEnd)
        {
            if (at + 8 > riffEnd)
            {
                return Truncated("WebP");
            }

            var type = Encoding.ASCII.GetString(webp, at, 4);
            var size = (long)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(at + 4));
            var end = at + 8 + size + (size % 2);
            if (end > riffEnd)
            {
                return Truncated("WebP");
            }

            chunks.Add((type, at, (int)end));
            at = (int)end;
        }

        if (!chunks.Any(c => c.Type is "VP8 " or "VP8L" or "ANIM"))
        {
            return Malformed("WebP", at, "it holds no image data (no VP8, VP8L or ANIM chunk)");
        }

        var clearFlags = (byte)((chunks.Any(c => c.Type == "EXIF") ? 0x08 : 0) | (chunks.Any(c => c.Type == "XMP ") ? 0x04 : 0));
        using var body = new MemoryStream(webp.Length);
        body.Write("WEBP"u8);
        foreach (var (type, start, end) in chunks)
        {
            switch (type)
            {
                case "EXIF":
                    Add(removed, RemovedPart.Exif);
                    break;
                case "XMP ":
                    Add(removed, RemovedPart.Xmp);
                    break;
                case "VP8X" when end - start >= 9:
                    // The first payload byte holds the flags; those of the removed chunks are cleared.
                    var header = webp[start..end];
                    header[8] &= (byte)~clearFlags;
                    body.Write(header);
                    break;
                default:
                    body.Write(webp, start, end - start);
                    break;
            }
        }

        if (riffEnd < webp.Length)
        {
            Add(removed, RemovedPart.TrailingData);
        }

        if (removed.Count == 0)
        {
            return new ContentCheck(webp, removed, null);
        }

        var rebuilt = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(rebuilt);
        BinaryPrimitives.WriteUInt32LittleEndian(rebuilt.AsSpan(4), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(rebuilt.AsSpan(8));
        return new ContentCheck(rebuilt, removed, null);
    }

    private static RemovedPart? TextChunkPart(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        var keyword = Encoding.Latin1.GetString(nul < 0 ? data : data[..nul]);
        return keyword switch
        {
            "XML:com.adobe.xmp" or "Raw profile type xmp" => RemovedPart.Xmp,
            "Raw profile type exif" or "Raw profile type APP1" => RemovedPart.Exif,
            _ => null,
        };
    }

    private static void Add(List<RemovedPart> removed, RemovedPart part)
    {
        if (!removed.Contains(part))
        {
            removed.Add(part);
        }
    }

    private static ContentCheck Truncated(string kind) => ContentCheck.Refused(
        $"The {kind} file ends before the image does: it was cut off (while copying or sending?). Send the whole file.",
        $"Berkas {kind} berakhir sebelum gambarnya selesai: terpotong (saat disalin atau dikirim?). Kirim berkas utuh.");

    private static ContentCheck Malformed(string kind, int at, string what) => ContentCheck.Refused(
        $"The file is not a well-formed {kind} image: at byte {at}, {what}.",
        $"Berkas bukan gambar {kind} yang utuh: pada byte {at}, struktur gambarnya rusak ({what}).");
}
