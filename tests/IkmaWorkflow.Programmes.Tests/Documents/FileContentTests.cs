using System.IO.Compression;
using System.Text;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Documents;

/// <summary>The content checks of uploads, on files built byte by byte.</summary>
public sealed class FileContentTests
{
    [Fact]
    public void Check_CleanPdf_AcceptedAsSent()
    {
        var pdf = TestFiles.Pdf();

        var check = FileContent.Check(pdf, "application/pdf");

        Assert.Null(check.Refusal);
        Assert.Same(pdf, check.Content);
    }

    [Theory]
    [InlineData("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ", "/JS, /JavaScript")]
    [InlineData("/AA << /O << /S /J#61vaScript /J#53 3 0 R >> >> ", "/JS, /JavaScript")]
    [InlineData("/OpenAction << /S /Launch /Win << /F (cmd.exe) >> >> ", "/Launch")]
    [InlineData("/Names << /EmbeddedFiles 8 0 R >> ", "/EmbeddedFiles")]
    [InlineData("/Extensions << /RichMedia 9 0 R >> ", "/RichMedia")]
    public void Check_PdfWithActiveContent_RefusedNamingIt(string catalogue, string names)
    {
        var check = PdfActiveContent.Check(TestFiles.Pdf(catalogue));

        Assert.Null(check.Content);
        Assert.Contains($"active content ({names})", check.Refusal!.English, StringComparison.Ordinal);
        Assert.Contains($"konten aktif ({names})", check.Refusal.Indonesian, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JavaScriptInACompressedObjectStream_Refused()
    {
        var pdf = TestFiles.PdfWithJavaScriptInObjectStream();
        Assert.False(TestFiles.Contains(pdf, "/JavaScript"u8));

        var check = PdfActiveContent.Check(pdf);

        Assert.Contains("(/JS, /JavaScript)", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NamesOnlyInsideStringsAndComments_Accepted()
    {
        var pdf = TestFiles.Pdf("/Title (Panduan /JavaScript dan /Launch \\(contoh\\)) /Subject <2F4A53> ", Encoding.Latin1.GetBytes("% a comment naming /JS\n"));

        var check = PdfActiveContent.Check(pdf);

        Assert.Null(check.Refusal);
    }

    [Fact]
    public void Check_StreamWhoseDataMimicsItsEnd_ReadByItsLengthSoTheNextObjectIsChecked()
    {
        // The data pretends to end and opens a string; a reader follows /Length and finds the JavaScript object after it.
        var data = "x endstream endobj 99 0 obj ("u8.ToArray();
        var objects = Encoding.Latin1.GetBytes($"7 0 obj\n<< /Length {data.Length} >>\nstream\n")
            .Concat(data).Concat("\nendstream\nendobj\n8 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n"u8.ToArray()).ToArray();

        var check = PdfActiveContent.Check(TestFiles.Pdf(extraObjects: objects));

        Assert.Contains("(/JS, /JavaScript)", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_JavaScriptAfterACommentThatSaysStream_Found()
    {
        var objects = "% stream\n9 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n% endstream\n"u8.ToArray();

        var check = PdfActiveContent.Check(TestFiles.Pdf(extraObjects: objects));

        Assert.Contains("/JavaScript", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("trailer << /Encrypt 5 0 R >>", "encrypted")]
    [InlineData("1 0 obj (never closed", "a string is never closed")]
    [InlineData("1 0 obj << /Length 99 >> stream\nabc", "a stream never ends")]
    [InlineData("1 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode /Length 4 >> stream\n3C3C\nendstream", "/ASCIIHexDecode")]
    [InlineData("1 0 obj << /Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 >> /Length 4 >> stream\nabcd\nendstream", "predictor")]
    public void Check_PdfThatCannotBeChecked_Refused(string body, string reason)
    {
        var check = PdfActiveContent.Check(Encoding.Latin1.GetBytes("%PDF-1.7\n" + body + "\n"));

        Assert.Contains(reason, check.Refusal!.English, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(check.Refusal.Indonesian));
    }

    [Fact]
    public void Check_CompressedStreamUnpackingBeyondTheLimit_Refused()
    {
        // Spaces (text, so the check reads them) compressed a megabyte at a time: a quarter of a megabyte on disk.
        var megabyte = new byte[1024 * 1024];
        Array.Fill(megabyte, (byte)' ');
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var i = 0; i <= PdfActiveContent.MaxInflatedBytes / megabyte.Length; i++)
            {
                zlib.Write(megabyte);
            }
        }

        var compressed = packed.ToArray();
        var objects = Encoding.Latin1.GetBytes($"7 0 obj\n<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n").Concat(compressed).Concat("\nendstream\nendobj\n"u8.ToArray()).ToArray();

        var check = PdfActiveContent.Check(TestFiles.Pdf(extraObjects: objects));

        Assert.Contains("more than 256 MB", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void StripJpeg_ExifAndXmp_RemovedAndTheRestKeptByteForByte()
    {
        var check = ImageMetadata.StripJpeg(TestFiles.Jpeg(withGpsExif: true, withXmp: true));

        Assert.Equal([RemovedPart.Exif, RemovedPart.Xmp], check.Removed);
        Assert.Equal(TestFiles.Jpeg(withGpsExif: false), check.Content);
    }

    [Fact]
    public void StripJpeg_NothingToRemove_TheSameArray()
    {
        var jpeg = TestFiles.Jpeg(withGpsExif: false);

        var check = ImageMetadata.StripJpeg(jpeg);

        Assert.Empty(check.Removed);
        Assert.Same(jpeg, check.Content);
    }

    [Fact]
    public void StripJpeg_StuffedBytesRestartMarkersAndTwoScans_WalkedToTheEnd()
    {
        var jpeg = TestFiles.Jpeg(withGpsExif: false);
        var header = jpeg[..^3];
        // Scan data with a stuffed 0xFF00 and a restart marker, a second table and scan (as progressive JPEGs have), the end, then a trailer.
        byte[] rest = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xC4, 0x00, 0x14, 0x10, 1, .. new byte[15], 0x00, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0, 0x3F, 0xFF, 0xD9];
        byte[] withTrailer = [.. header, .. rest, .. "MP4 video"u8];

        var check = ImageMetadata.StripJpeg(withTrailer);

        Assert.Equal([RemovedPart.TrailingData], check.Removed);
        Assert.Equal([.. header, .. rest], check.Content!);
    }

    [Theory]
    [InlineData(40, "ends before the image does")]
    [InlineData(2, "ends before the image does")]
    public void StripJpeg_CutOff_Refused(int length, string reason)
    {
        var check = ImageMetadata.StripJpeg(TestFiles.Jpeg(withGpsExif: false)[..length]);

        Assert.Contains(reason, check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void StripJpeg_NoScan_Refused()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xD9];

        var check = ImageMetadata.StripJpeg(jpeg);

        Assert.Contains("no scan", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void StripPng_ExifChunkAndTrailer_Removed()
    {
        byte[] png = [.. TestFiles.Png(withGpsExif: true), .. "<html>"u8];

        var check = ImageMetadata.StripPng(png);

        Assert.Equal([RemovedPart.Exif, RemovedPart.TrailingData], check.Removed);
        Assert.Equal(TestFiles.Png(withGpsExif: false), check.Content);
    }

    [Fact]
    public void StripPng_WithoutIend_Refused()
    {
        var png = TestFiles.Png(withGpsExif: false);

        var check = ImageMetadata.StripPng(png[..^12]);

        Assert.Contains("ends before the image does", check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void StripWebP_ExifChunk_RemovedWithItsFlagAndTheSizeRewritten()
    {
        var check = ImageMetadata.StripWebP(TestFiles.WebP(withGpsExif: true));

        Assert.Equal([RemovedPart.Exif], check.Removed);
        Assert.Equal(TestFiles.WebP(withGpsExif: false), check.Content);
    }

    [Theory]
    [InlineData("image/jpeg", "a Windows or DOS executable")]
    [InlineData("image/png", "a Windows or DOS executable")]
    [InlineData("application/pdf", "a Windows or DOS executable")]
    public void Check_Executable_RefusedWhateverItClaims(string contentType, string what)
    {
        var check = FileContent.Check(TestFiles.Executable(), contentType);

        Assert.Contains($"sent as {contentType} but its content is {what}", check.Refusal!.English, StringComparison.Ordinal);
        Assert.Contains("program Windows atau DOS", check.Refusal.Indonesian, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uFEFF  <html><body>x</body></html>", "image/png", "an HTML page")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "image/jpeg", "an SVG or XML document")]
    [InlineData("<!DOCTYPE html><p>hi</p>", "text/plain", "an HTML page")]
    public void Check_Markup_RefusedAsImageOrText(string text, string contentType, string what)
    {
        var check = FileContent.Check(Encoding.UTF8.GetBytes(text), contentType);

        Assert.Contains(what, check.Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TextAndCsv_AcceptedWhenUtf8WithoutNul()
    {
        Assert.Null(FileContent.Check(Encoding.UTF8.GetBytes("\uFEFFnama;kelas\nAndré;batik\n"), "text/csv").Refusal);
        Assert.Null(FileContent.Check("#!/bin/sh\necho catatan\n"u8.ToArray(), "text/plain").Refusal);
        Assert.Contains("not valid UTF-8 text (at byte", FileContent.Check(Encoding.Latin1.GetBytes("Andr\u00E9;batik"), "text/csv").Refusal!.English, StringComparison.Ordinal);
        Assert.Contains("NUL byte (at byte 3)", FileContent.Check([(byte)'a', (byte)'b', (byte)'c', 0], "text/plain").Refusal!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Docx_AcceptedWithoutMacrosOrActiveX()
    {
        var docx = TestFiles.Docx();
        var activeX = TestFiles.Zip(new Dictionary<string, string> { ["[Content_Types].xml"] = "<Types/>", ["word/document.xml"] = "<w:document/>", ["word/activeX/activeX1.xml"] = "<ax/>" });

        Assert.Same(docx, FileContent.Check(docx, AcceptedFiles.Docx).Content);
        Assert.Contains("macros", FileContent.Check(TestFiles.Docx(withMacros: true), AcceptedFiles.Docx).Refusal!.English, StringComparison.Ordinal);
        Assert.Contains("ActiveX controls (word/activeX/activeX1.xml)", FileContent.Check(activeX, AcceptedFiles.Docx).Refusal!.English, StringComparison.Ordinal);
        Assert.Contains("not a readable ZIP archive", FileContent.Check([.. docx[..60]], AcceptedFiles.Docx).Refusal!.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    [InlineData(AcceptedFiles.Docx)]
    [InlineData("text/csv")]
    public void Check_CutAndMutatedFiles_AnswerAndNeverThrow(string contentType)
    {
        byte[] original = contentType switch
        {
            "application/pdf" => TestFiles.PdfWithJavaScriptInObjectStream(),
            "image/jpeg" => TestFiles.Jpeg(withGpsExif: true, withXmp: true),
            "image/png" => TestFiles.Png(withGpsExif: true),
            "image/webp" => TestFiles.WebP(withGpsExif: true),
            AcceptedFiles.Docx => TestFiles.Docx(),
            _ => Encoding.UTF8.GetBytes("nama;kelas\nBudi;batik\n"),
        };
        var random = new Random(11);
        for (var round = 0; round < 3000; round++)
        {
            var file = original[..random.Next(1, original.Length + 1)];
            for (var flips = random.Next(0, 4); flips > 0; flips--)
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }

            var check = FileContent.Check(file, contentType);

            Assert.True((check.Content is null) == (check.Refusal is not null), $"Round {round}: an answer is content or a refusal.");
        }
    }
}
