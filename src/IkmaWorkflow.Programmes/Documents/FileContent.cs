using System.IO.Compression;
using System.Text;

namespace IkmaWorkflow.Programmes.Documents;

/// <summary>
/// Judges an uploaded file by its bytes, not by the content type its sender declared: the signature must be that of
/// the declared type, and each type gets its own check.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>PDF: starts with <c>%PDF-</c>, is not encrypted, and holds no active content (<see cref="PdfActiveContent"/>).</item>
/// <item>JPEG, PNG, WebP: well formed up to the image's end; location-bearing metadata and anything after the end is
/// removed (<see cref="ImageMetadata"/>).</item>
/// <item>DOCX: a ZIP with <c>[Content_Types].xml</c> and a <c>word/</c> part, without macros (<c>vbaProject.bin</c>)
/// or ActiveX controls.</item>
/// <item>CSV and plain text: valid UTF-8 without NUL bytes.</item>
/// </list>
/// </remarks>
public static class FileContent
{
    private static readonly string[] HtmlStarts = ["<!DOCTYPE HTML", "<HTML", "<HEAD", "<BODY", "<SCRIPT", "<IFRAME", "<!--"];

    /// <summary>Checks <paramref name="content"/>, sent as <paramref name="contentType"/> (one the app stores).</summary>
    public static ContentCheck Check(byte[] content, string contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(contentType);
        var expected = contentType.ToUpperInvariant() switch
        {
            "APPLICATION/PDF" => Kind.Pdf,
            "IMAGE/JPEG" => Kind.Jpeg,
            "IMAGE/PNG" => Kind.Png,
            "IMAGE/WEBP" => Kind.WebP,
            "TEXT/CSV" or "TEXT/PLAIN" => Kind.Text,
            _ when contentType.Equals(AcceptedFiles.Docx, StringComparison.OrdinalIgnoreCase) => Kind.Zip,
            _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a content type the app stores."),
        };
        var found = KindOf(content);
        // Text that is not UTF-8 (Unknown) gets its own reason below; a script is harmless as text.
        if (found != expected && !(expected == Kind.Text && found is Kind.Unknown or Kind.Script))
        {
            var (english, indonesian) = Describe(found);
            return ContentCheck.Refused(
                $"The file is sent as {contentType} but its content is {english}. Send the file as what it is, in a type this form accepts.",
                $"Berkas dikirim sebagai {contentType} tetapi isinya {indonesian}. Kirim berkas sesuai jenis sebenarnya, dengan jenis yang diterima formulir ini.");
        }

        return expected switch
        {
            Kind.Pdf => PdfActiveContent.Check(content),
            Kind.Jpeg => ImageMetadata.StripJpeg(content),
            Kind.Png => ImageMetadata.StripPng(content),
            Kind.WebP => ImageMetadata.StripWebP(content),
            Kind.Zip => CheckDocx(content),
            _ => CheckText(content),
        };
    }

    private enum Kind
    {
        Unknown,
        Pdf,
        Jpeg,
        Png,
        WebP,
        Gif,
        Zip,
        Text,
        WindowsExecutable,
        ElfExecutable,
        MachOExecutable,
        Script,
        Html,
        Xml,
    }

    private static Kind KindOf(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return Kind.Pdf;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Kind.Jpeg;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Kind.Png;
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return Kind.WebP;
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return Kind.Gif;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return Kind.Zip;
        }

        if (content.StartsWith("MZ"u8))
        {
            return Kind.WindowsExecutable;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']))
        {
            return Kind.ElfExecutable;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]))
        {
            return Kind.MachOExecutable;
        }

        if (content.StartsWith("#!"u8))
        {
            return Kind.Script;
        }

        // Markup is judged on its first characters after a byte-order mark and white space, as a browser sniffs it.
        var start = content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content;
        start = start.TrimStart(" \t\r\n\f"u8);
        var head = Encoding.ASCII.GetString(start[..Math.Min(start.Length, 16)]).ToUpperInvariant();
        if (HtmlStarts.Any(head.StartsWith))
        {
            return Kind.Html;
        }

        if (head.StartsWith("<?XML", StringComparison.Ordinal) || head.StartsWith("<SVG", StringComparison.Ordinal))
        {
            return Kind.Xml;
        }

        return IsText(content) is null ? Kind.Text : Kind.Unknown;
    }

    private static (string English, string Indonesian) Describe(Kind kind) => kind switch
    {
        Kind.Pdf => ("a PDF document", "dokumen PDF"),
        Kind.Jpeg => ("a JPEG image", "gambar JPEG"),
        Kind.Png => ("a PNG image", "gambar PNG"),
        Kind.WebP => ("a WebP image", "gambar WebP"),
        Kind.Gif => ("a GIF image", "gambar GIF"),
        Kind.Zip => ("a ZIP archive (such as a Word document)", "arsip ZIP (seperti dokumen Word)"),
        Kind.WindowsExecutable => ("a Windows or DOS executable (it starts with MZ)", "program Windows atau DOS (diawali MZ)"),
        Kind.ElfExecutable => ("a Linux executable (ELF)", "program Linux (ELF)"),
        Kind.MachOExecutable => ("a macOS executable", "program macOS"),
        Kind.Script => ("a script (it starts with #!)", "skrip (diawali #!)"),
        Kind.Html => ("an HTML page", "halaman HTML"),
        Kind.Xml => ("an SVG or XML document", "dokumen SVG atau XML"),
        Kind.Text => ("plain text", "teks biasa"),
        _ => ("data of no kind the app accepts", "data yang jenisnya tidak diterima aplikasi"),
    };

    private static ContentCheck CheckDocx(byte[] content)
    {
        List<string> names;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            names = [.. archive.Entries.Select(e => e.FullName)];
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return ContentCheck.Refused(
                "The file is sent as a Word document (DOCX) but it is not a readable ZIP archive: it may be cut off or damaged.",
                "Berkas dikirim sebagai dokumen Word (DOCX) tetapi bukan arsip ZIP yang dapat dibaca: mungkin terpotong atau rusak.");
        }

        if (!names.Contains("[Content_Types].xml", StringComparer.Ordinal) || !names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)))
        {
            return ContentCheck.Refused(
                "The file is sent as a Word document (DOCX) but it is a ZIP archive with no word/ part (or no [Content_Types].xml).",
                "Berkas dikirim sebagai dokumen Word (DOCX) tetapi berupa arsip ZIP tanpa bagian word/ (atau tanpa [Content_Types].xml).");
        }

        if (names.FirstOrDefault(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || n.Contains("/activeX/", StringComparison.OrdinalIgnoreCase)) is { } active)
        {
            return ContentCheck.Refused(
                $"The Word document holds macros or ActiveX controls ({active}), which can run code when it is opened. Save it as a plain .docx without macros.",
                $"Dokumen Word memuat makro atau kontrol ActiveX ({active}) yang dapat menjalankan kode saat dibuka. Simpan sebagai .docx biasa tanpa makro.");
        }

        return new ContentCheck(content, [], null);
    }

    private static ContentCheck CheckText(byte[] content) => IsText(content) is { } refusal
        ? ContentCheck.Refused(refusal.English, refusal.Indonesian)
        : new ContentCheck(content, [], null);

    // Null when the bytes are UTF-8 text (a byte-order mark allowed) without NUL; otherwise why not.
    private static FileRefusal? IsText(ReadOnlySpan<byte> content)
    {
        var at = content.IndexOf((byte)0);
        if (at >= 0)
        {
            return new FileRefusal(
                $"The file holds a NUL byte (at byte {at}): it is binary data, not text.",
                $"Berkas memuat byte NUL (pada byte {at}): isinya data biner, bukan teks.");
        }

        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(content);
            return null;
        }
        catch (DecoderFallbackException ex)
        {
            return new FileRefusal(
                $"The file is not valid UTF-8 text (at byte {ex.Index}); save it as UTF-8 (in Excel: CSV UTF-8).",
                $"Berkas bukan teks UTF-8 yang valid (pada byte {ex.Index}); simpan sebagai UTF-8 (di Excel: CSV UTF-8).");
        }
    }
}
