using System.Globalization;
using System.Text;
using QRCoder;
using SkiaSharp;

namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>Renders a certificate as a one-page A4 landscape PDF: Indonesian first, English beneath in italic.</summary>
/// <remarks>
/// The PDF is the frozen record of an issued certificate: it is rendered once at issue and stored, never rendered
/// again for the same number. Its metadata is fixed (title from the number, creation and modification dates from
/// the issue date at 00:00 WIB, a fixed producer), so the same content renders to the same bytes on any machine
/// with the same SkiaSharp version. Texts shrink and wrap to fit; content within <see cref="CertificateContent"/>'s
/// limits always fits the page. Layout is described in docs/certificates.md.
/// </remarks>
public static class CertificatePdf
{
    /// <summary>Page width in points: A4 landscape (297 mm is 841.89 pt; Skia writes whole points).</summary>
    public const float PageWidth = 842f;

    /// <summary>Page height in points: A4 landscape (210 mm is 595.28 pt).</summary>
    public const float PageHeight = 595f;

    /// <summary>The PDF's Producer and Creator entry.</summary>
    public const string Producer = "IKMA Workflow";

    private const float LineSpacing = 1.28f;
    private const float HeaderTop = 56f;
    private const float BottomEdge = PageHeight - 50f;
    private const float SideMargin = 64f;
    private const float BodyWidth = PageWidth - (2 * 84f);
    private const float QrSize = 86f;
    private const float QrColumnWidth = 320f;
    private const float SignatureColumnWidth = 270f;
    private const float SignatureSpace = 46f;
    private const float SmallestScale = 0.5f;

    private static readonly SKColor Navy = new(0x1F, 0x3A, 0x5F);
    private static readonly SKColor Gold = new(0xB0, 0x8D, 0x3C);
    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Grey = new(0x4A, 0x4A, 0x4A);

    /// <summary>
    /// The first character of a holder's name that the certificate font cannot print, or <see langword="null"/> when
    /// every one prints; forms check names with it so that a certificate never fails for its holder's name.
    /// </summary>
    public static Rune? UnprintableInName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var font = NewFont(CertificateFonts.Bold, 12f);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && font.GetGlyph(rune.Value) == 0)
            {
                return rune;
            }
        }

        return null;
    }

    /// <summary>Renders the certificate.</summary>
    /// <param name="content">What the certificate says.</param>
    /// <returns>The PDF file's bytes.</returns>
    /// <exception cref="ArgumentException">
    /// A field is invalid (see <see cref="CertificateContent.Validate"/>) or holds a character the embedded font
    /// cannot show.
    /// </exception>
    public static byte[] Render(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Validate();
        var text = CertificateText.From(content);

        using var stream = new MemoryStream();
        var issued = new DateTime(content.IssueDate, TimeOnly.MinValue, DateTimeKind.Unspecified);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"Sertifikat {content.Number.Value}",
            Author = text.IssuingUnit,
            Subject = text.ProgrammeTitleIndonesian,
            Creator = Producer,
            Producer = Producer,
            Creation = issued,
            Modified = issued,
            // Nothing is rasterised; Skia rounds the page size to whole pixels at this resolution, so 72 dpi
            // keeps it at whole points.
            RasterDpi = 72,
        };

        using (var document = SKDocument.CreatePdf(stream, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document."))
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            DrawPage(canvas, text);
            document.EndPage();
            document.Close();
        }

        var pdf = stream.ToArray();
        WriteWibOffsets(pdf, issued);
        return pdf;
    }

    // The creation and modification dates are the issue date at 00:00 WIB. SkiaSharp 3.x derives the dates' UTC
    // offset from the machine's time zone, so the same certificate would differ from machine to machine; the
    // offset is overwritten in place with +07'00'. It has the same length, so the cross-reference table stays valid.
    private static void WriteWibOffsets(byte[] pdf, DateTime issued)
    {
        var stamp = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"(D:{issued:yyyyMMddHHmmss}"));
        var wib = "+07'00')"u8;
        var written = 0;
        for (var at = pdf.AsSpan().IndexOf(stamp); at >= 0;)
        {
            var offset = pdf.AsSpan(at + stamp.Length, wib.Length);
            if (offset[0] is not ((byte)'+' or (byte)'-') || offset[3] != '\'' || offset[6] != '\'' || offset[7] != ')')
            {
                throw new InvalidOperationException("SkiaSharp wrote the PDF dates in an unexpected form; the renderer needs updating.");
            }

            wib.CopyTo(offset);
            written++;
            var next = pdf.AsSpan(at + stamp.Length).IndexOf(stamp);
            at = next < 0 ? -1 : at + stamp.Length + next;
        }

        if (written != 2)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"SkiaSharp wrote {written} dates instead of the creation and modification dates; the renderer needs updating."));
        }
    }

    private static void DrawPage(SKCanvas canvas, CertificateText text)
    {
        DrawFrame(canvas);
        var bottomBlockTop = DrawBottomBlock(canvas, text);

        // The header stays at the top and the body is centred below it; both shrink together until they fit.
        var available = bottomBlockTop - 14f - HeaderTop;
        for (var scale = 1f; ; scale *= 0.94f)
        {
            var header = LayoutHeader(text, scale);
            var body = LayoutBody(text, scale);
            var headerHeight = Height(header);
            var bodyHeight = Height(body);
            if (headerHeight + bodyHeight <= available)
            {
                Draw(canvas, header, HeaderTop);
                var bodyTop = HeaderTop + headerHeight + ((available - headerHeight - bodyHeight) / 2f);
                Draw(canvas, body, bodyTop);
                return;
            }

            if (scale < SmallestScale)
            {
                throw new InvalidOperationException(
                    "The certificate text does not fit the page even at half size; the content limits are too generous.");
            }
        }
    }

    private static void DrawFrame(SKCanvas canvas)
    {
        using var outer = new SKPaint { Color = Navy, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f, IsAntialias = true };
        canvas.DrawRect(SKRect.Create(20f, 20f, PageWidth - 40f, PageHeight - 40f), outer);
        using var inner = new SKPaint { Color = Gold, Style = SKPaintStyle.Stroke, StrokeWidth = 0.75f, IsAntialias = true };
        canvas.DrawRect(SKRect.Create(27f, 27f, PageWidth - 54f, PageHeight - 54f), inner);
    }

    private static List<Block> LayoutHeader(CertificateText text, float scale)
    {
        var center = PageWidth / 2f;
        return
        [
            Fit(text.IssuingUnit, CertificateFonts.Bold, 11f * scale, 9f * scale, 7f * scale, 2, Navy, 0f, center, BodyWidth),
            Fit("SERTIFIKAT", CertificateFonts.Bold, 34f * scale, 34f * scale, 34f * scale, 1, Navy, 12f * scale, center, BodyWidth),
            Fit("Certificate", CertificateFonts.Italic, 15f * scale, 15f * scale, 15f * scale, 1, Navy, 0f, center, BodyWidth),
            Fit($"Nomor: {text.Number}", CertificateFonts.Regular, 11.5f * scale, 11.5f * scale, 11.5f * scale, 1, Ink, 6f * scale, center, BodyWidth),
            Fit("Certificate number", CertificateFonts.Italic, 8.5f * scale, 8.5f * scale, 8.5f * scale, 1, Grey, 0f, center, BodyWidth),
        ];
    }

    private static List<Block> LayoutBody(CertificateText text, float scale)
    {
        var center = PageWidth / 2f;
        return
        [
            Fit("diberikan kepada", CertificateFonts.Regular, 13f * scale, 13f * scale, 13f * scale, 1, Ink, 0f, center, BodyWidth),
            Fit("awarded to", CertificateFonts.Italic, 10f * scale, 10f * scale, 10f * scale, 1, Grey, 0f, center, BodyWidth),
            Fit(text.HolderName, CertificateFonts.Bold, 26f * scale, 18f * scale, 11f * scale, 2, Navy, 8f * scale, center, BodyWidth),
            Fit($"telah mengikuti {text.ProgrammeTitleIndonesian}", CertificateFonts.Regular, 13f * scale, 11f * scale, 9f * scale, 2, Ink, 10f * scale, center, BodyWidth),
            Fit($"has completed {text.ProgrammeTitleEnglish}", CertificateFonts.Italic, 10f * scale, 9f * scale, 7.5f * scale, 2, Grey, 0f, center, BodyWidth),
            Fit($"Bidang: {text.TrackNameIndonesian}", CertificateFonts.Regular, 13f * scale, 11f * scale, 9f * scale, 2, Ink, 6f * scale, center, BodyWidth),
            Fit($"Track: {text.TrackNameEnglish}", CertificateFonts.Italic, 10f * scale, 9f * scale, 7.5f * scale, 2, Grey, 0f, center, BodyWidth),
            Fit($"pada tanggal {text.DatesIndonesian}", CertificateFonts.Regular, 13f * scale, 13f * scale, 9f * scale, 1, Ink, 6f * scale, center, BodyWidth),
            Fit($"held on {text.DatesEnglish}", CertificateFonts.Italic, 10f * scale, 10f * scale, 7.5f * scale, 1, Grey, 0f, center, BodyWidth),
        ];
    }

    // Draws the QR code with its link (left) and the place, date and signatory (right), bottom-aligned;
    // returns the top of the taller of the two.
    private static float DrawBottomBlock(SKCanvas canvas, CertificateText text)
    {
        // Left: the link along the bottom, the QR code above it, the instruction beside the QR code.
        var link = Fit(text.VerificationUrl, CertificateFonts.Regular, 7f, 5.5f, 5.5f, 3, Ink, 0f, SideMargin, QrColumnWidth, SKTextAlign.Left);
        var linkTop = BottomEdge - link.Height;
        Draw(canvas, [link], linkTop);

        var qrTop = linkTop - 4f - QrSize;
        DrawQrCode(canvas, text.VerificationUrl, SideMargin, qrTop, QrSize);

        var labelLeft = SideMargin + QrSize + 12f;
        var labelWidth = QrColumnWidth - QrSize - 12f;
        List<Block> label =
        [
            Fit("Pindai kode QR untuk memeriksa keaslian sertifikat ini.", CertificateFonts.Regular, 8.5f, 8.5f, 8.5f, 3, Ink, 0f, labelLeft, labelWidth, SKTextAlign.Left),
            Fit("Scan the QR code to check that this certificate is genuine.", CertificateFonts.Italic, 7.5f, 7.5f, 7.5f, 3, Grey, 2f, labelLeft, labelWidth, SKTextAlign.Left),
        ];
        Draw(canvas, label, qrTop + QrSize - Height(label));
        var leftTop = Math.Min(qrTop, qrTop + QrSize - Height(label));

        // Right: place and date of issue, the signatory's position, room to sign, the signatory's name.
        var center = PageWidth - SideMargin - (SignatureColumnWidth / 2f);
        var right = new List<Block>
        {
            Fit($"{text.PlaceOfIssue}, {text.IssueDateIndonesian}", CertificateFonts.Regular, 11f, 9f, 8f, 2, Ink, 0f, center, SignatureColumnWidth),
            Fit($"{text.PlaceOfIssue}, {text.IssueDateEnglish}", CertificateFonts.Italic, 9f, 8f, 7f, 2, Grey, 0f, center, SignatureColumnWidth),
        };
        if (text.SignatoryTitle is not null)
        {
            right.Add(Fit(text.SignatoryTitle, CertificateFonts.Regular, 10f, 9f, 7.5f, 3, Ink, 6f, center, SignatureColumnWidth));
        }

        if (text.SignatoryName is not null)
        {
            right.Add(Fit(text.SignatoryName, CertificateFonts.Bold, 11f, 9f, 7.5f, 2, Ink, SignatureSpace, center, SignatureColumnWidth));
        }

        var rightTop = BottomEdge - Height(right);
        Draw(canvas, right, rightTop);
        return Math.Min(leftTop, rightTop);
    }

    private static void DrawQrCode(SKCanvas canvas, string url, float left, float top, float size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;

        // QRCoder's matrix includes the 4-module quiet zone on every side. The symbol itself fills the square
        // asked for; the quiet zone lies in the blank margin around it.
        const int QuietZone = 4;
        var module = size / (matrix.Count - (2 * QuietZone));
        using var path = new SKPath();
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < bits.Length)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                // One rectangle per horizontal run of dark modules keeps the drawing small.
                var start = column;
                while (column < bits.Length && bits[column])
                {
                    column++;
                }

                path.AddRect(SKRect.Create(
                    left + ((start - QuietZone) * module),
                    top + ((row - QuietZone) * module),
                    (column - start) * module,
                    module));
            }
        }

        using var paint = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Fill, IsAntialias = false };
        canvas.DrawPath(path, paint);
    }

    // Unhinted, linear metrics: glyphs are placed exactly by the advances the PDF's font program has, so measured
    // widths equal printed widths and text extraction sees no gaps inside words.
    private static SKFont NewFont(SKTypeface face, float size) =>
        new(face, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };

    private static float Height(IEnumerable<Block> blocks) => blocks.Sum(b => b.Height);

    private static void Draw(SKCanvas canvas, IEnumerable<Block> blocks, float top)
    {
        var y = top;
        foreach (var block in blocks)
        {
            y += block.SpaceBefore;
            using var font = NewFont(block.Face, block.Size);
            using var paint = new SKPaint { Color = block.Color, IsAntialias = true };
            foreach (var line in block.Lines)
            {
                // The baseline sits at the font's ascent below the line's top; LineSpacing leaves room below.
                canvas.DrawText(line, block.X, y + block.Size, block.Align, font, paint);
                y += block.Size * LineSpacing;
            }
        }
    }

    // The largest size at which the text fits: on one line down to singleLineMin, then on up to maxLines lines
    // down to min. If even that fails, min size on as many lines as needed, so the text never runs off the width.
    private static Block Fit(
        string text,
        SKTypeface face,
        float size,
        float singleLineMin,
        float min,
        int maxLines,
        SKColor color,
        float spaceBefore,
        float x,
        float width,
        SKTextAlign align = SKTextAlign.Center)
    {
        for (var step = 0; size - (step * 0.25f) >= singleLineMin; step++)
        {
            var candidate = size - (step * 0.25f);
            using var font = NewFont(face, candidate);
            if (font.MeasureText(text) <= width)
            {
                return new Block([text], face, candidate, color, spaceBefore, x, align);
            }
        }

        for (var step = 0; size - (step * 0.25f) >= min; step++)
        {
            var candidate = size - (step * 0.25f);
            var lines = Wrap(text, face, candidate, width);
            if (lines.Count <= maxLines)
            {
                return new Block(lines, face, candidate, color, spaceBefore, x, align);
            }
        }

        return new Block(Wrap(text, face, min, width), face, min, color, spaceBefore, x, align);
    }

    // Greedy wrapping at spaces; a word wider than the line is broken between characters (text elements, so an
    // accent never parts from its letter).
    private static List<string> Wrap(string text, SKTypeface face, float size, float width)
    {
        using var font = NewFont(face, size);
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (font.MeasureText(candidate) <= width)
            {
                current.Clear().Append(candidate);
                continue;
            }

            if (current.Length > 0)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            if (font.MeasureText(word) <= width)
            {
                current.Append(word);
                continue;
            }

            var elements = StringInfo.GetTextElementEnumerator(word);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                if (current.Length > 0 && font.MeasureText($"{current}{element}") > width)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                current.Append(element);
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }

        return lines;
    }

    private sealed record Block(
        IReadOnlyList<string> Lines,
        SKTypeface Face,
        float Size,
        SKColor Color,
        float SpaceBefore,
        float X,
        SKTextAlign Align)
    {
        public float Height => SpaceBefore + (Lines.Count * Size * LineSpacing);
    }

    // The content's texts as printed: NFC-normalised, runs of spaces collapsed, each checked against the face it
    // is drawn in, so a character the font lacks is an error and never a blank box on a certificate.
    private sealed record CertificateText(
        string Number,
        string HolderName,
        string ProgrammeTitleIndonesian,
        string ProgrammeTitleEnglish,
        string TrackNameIndonesian,
        string TrackNameEnglish,
        string DatesIndonesian,
        string DatesEnglish,
        string IssuingUnit,
        string PlaceOfIssue,
        string IssueDateIndonesian,
        string IssueDateEnglish,
        string? SignatoryName,
        string? SignatoryTitle,
        string VerificationUrl)
    {
        public static CertificateText From(CertificateContent content)
        {
            var problems = new List<string>();
            string Clean(string field, string value, params SKTypeface[] faces)
            {
                var clean = string.Join(' ', value.Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
                foreach (var face in faces)
                {
                    using var font = NewFont(face, 12f);
                    foreach (var rune in clean.EnumerateRunes())
                    {
                        if (font.GetGlyph(rune.Value) == 0)
                        {
                            problems.Add(string.Create(
                                CultureInfo.InvariantCulture,
                                $"{field} contains '{rune}' (U+{rune.Value:X4}), which the certificate font cannot show"));
                            return clean;
                        }
                    }
                }

                return clean;
            }

            var text = new CertificateText(
                content.Number.Value,
                Clean(nameof(content.HolderName), content.HolderName, CertificateFonts.Bold),
                Clean(nameof(content.ProgrammeTitleIndonesian), content.ProgrammeTitleIndonesian, CertificateFonts.Regular),
                Clean(nameof(content.ProgrammeTitleEnglish), content.ProgrammeTitleEnglish, CertificateFonts.Italic),
                Clean(nameof(content.TrackNameIndonesian), content.TrackNameIndonesian, CertificateFonts.Regular),
                Clean(nameof(content.TrackNameEnglish), content.TrackNameEnglish, CertificateFonts.Italic),
                CertificateDates.IndonesianRange(content.StartDate, content.EndDate),
                CertificateDates.EnglishRange(content.StartDate, content.EndDate),
                Clean(nameof(content.IssuingUnit), content.IssuingUnit, CertificateFonts.Bold),
                Clean(nameof(content.PlaceOfIssue), content.PlaceOfIssue, CertificateFonts.Regular, CertificateFonts.Italic),
                CertificateDates.Indonesian(content.IssueDate),
                CertificateDates.English(content.IssueDate),
                content.SignatoryName is null ? null : Clean(nameof(content.SignatoryName), content.SignatoryName, CertificateFonts.Bold),
                content.SignatoryTitle is null ? null : Clean(nameof(content.SignatoryTitle), content.SignatoryTitle, CertificateFonts.Regular),
                content.VerificationUrl.AbsoluteUri);

            if (problems.Count > 0)
            {
                throw new ArgumentException($"The certificate content is invalid: {string.Join("; ", problems)}.", nameof(content));
            }

            return text;
        }
    }
}
