using System.Globalization;
using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Certificates;

public class CertificatePdfTests
{
    // The inner (gold) frame is drawn 27 pt inside the page edge; all text must stay within it.
    private const double FrameInset = 27;

    [Fact]
    public void Render_CipinangContent_PrintsIndonesianWithEnglishBeneath()
    {
        var content = DemoCertificates.Cipinang();

        var text = PdfTools.ExtractText(CertificatePdf.Render(content));

        AssertInOrder(
            text,
            DemoCertificates.IssuingUnit,
            "SERTIFIKAT",
            "Certificate",
            $"Nomor: {content.Number}",
            "Certificate number",
            "diberikan kepada",
            "awarded to",
            "Dewi Kartika Sari",
            "telah mengikuti Bimbingan Teknis Wirausaha Baru IKM Batik",
            "has completed the Technical Guidance for New Small-Industry Entrepreneurs in Batik",
            "Bidang: Batik Cap dan Tulis",
            "Track: Stamped and Hand-Drawn Batik",
            "pada tanggal 3\u20137 September 2024",
            "held on 3\u20137 September 2024");
        Assert.Contains("Jakarta, 7 September 2024", text, StringComparison.Ordinal);
        Assert.Contains("Direktur Jenderal Industri Kecil, Menengah dan Aneka", text, StringComparison.Ordinal);
        Assert.Contains("Ir. Bambang Prasetyo, M.M.", text, StringComparison.Ordinal);
        Assert.Contains("Pindai kode QR untuk memeriksa keaslian sertifikat ini.", text, StringComparison.Ordinal);
        Assert.Contains("Scan the QR code to check that this certificate is genuine.", text, StringComparison.Ordinal);
        Assert.Contains(content.VerificationUrl.AbsoluteUri, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TangerangContent_WritesDatesInBothLanguages()
    {
        var text = PdfTools.ExtractText(CertificatePdf.Render(DemoCertificates.Tangerang()));

        Assert.Contains("pada tanggal 17\u201322 Juli 2023", text, StringComparison.Ordinal);
        Assert.Contains("held on 17\u201322 July 2023", text, StringComparison.Ordinal);
        Assert.Contains("Jakarta, 22 Juli 2023", text, StringComparison.Ordinal);
        Assert.Contains("Jakarta, 22 July 2023", text, StringComparison.Ordinal);
        Assert.Contains("Rina Marlina", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RangeOverYearEnd_WritesBothYears()
    {
        var content = DemoCertificates.Cipinang() with
        {
            StartDate = new DateOnly(2024, 12, 30),
            EndDate = new DateOnly(2025, 1, 3),
            IssueDate = new DateOnly(2025, 1, 3),
        };

        var text = PdfTools.ExtractText(CertificatePdf.Render(content));

        Assert.Contains("pada tanggal 30 Desember 2024 \u2013 3 Januari 2025", text, StringComparison.Ordinal);
        Assert.Contains("held on 30 December 2024 \u2013 3 January 2025", text, StringComparison.Ordinal);
        Assert.Contains("Jakarta, 3 Januari 2025", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cipinang")]
    [InlineData("Tangerang")]
    public void Render_DemoContent_NeverNamesTheFacility(string demo)
    {
        var content = demo == "Cipinang" ? DemoCertificates.Cipinang() : DemoCertificates.Tangerang();

        var pdf = CertificatePdf.Render(content);
        var text = PdfTools.ExtractText(pdf);
        var metadata = string.Join('\n', PdfTools.Info(pdf).Values);

        // The text was read (the holder is there), so the absences below mean something.
        Assert.Contains(content.HolderName, text, StringComparison.Ordinal);
        foreach (var facilityWord in new[] { "Lapas", "Cipinang", "Tangerang", "Pemasyarakatan", "Rutan", "LPP", "Kelas I", "prison", "correctional", "warga binaan", "narapidana" })
        {
            Assert.DoesNotContain(facilityWord, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(facilityWord, metadata, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void CertificateContent_Properties_HaveNoPlaceForTheFacility()
    {
        var names = typeof(CertificateContent).GetProperties().Select(p => p.Name).ToList();

        Assert.Contains(nameof(CertificateContent.HolderName), names);
        Assert.DoesNotContain(names, name =>
            name.Contains("Facility", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Lapas", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Prison", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Institution", StringComparison.OrdinalIgnoreCase)
            || name.Contains("Participant", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Render_QrCode_DecodesToTheVerificationUrl()
    {
        var content = DemoCertificates.Cipinang();

        var decoded = PdfTools.DecodeQrCode(CertificatePdf.Render(content));

        Assert.Equal(content.VerificationUrl.AbsoluteUri, decoded);
    }

    [Fact]
    public void Render_LongestAllowedUrl_QrCodeStillDecodesAndUrlIsPrintedWhole()
    {
        var number = CertificateNumber.Create(2024, 42);
        var prefix = $"https://ikma-workflow.example.id/api/certificates/{number}/verify?lang=id-ID&ref=";
        var url = new Uri(prefix + new string('q', CertificateContent.MaxVerificationUrlLength - prefix.Length));
        Assert.Equal(CertificateContent.MaxVerificationUrlLength, url.AbsoluteUri.Length);
        var content = DemoCertificates.Cipinang() with { Number = number, VerificationUrl = url };

        var pdf = CertificatePdf.Render(content);

        Assert.Equal(url.AbsoluteUri, PdfTools.DecodeQrCode(pdf));
        // A URL too long for one line is broken between characters; without the breaks it reads whole.
        var compact = PdfTools.ExtractText(pdf).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains(url.AbsoluteUri, compact, StringComparison.Ordinal);
        AssertInsideFrame(PdfTools.ExtractWords(pdf));
    }

    [Fact]
    public void Render_VeryLongName_PrintedWholeInsideThePage()
    {
        var name = "Raden Ajeng Siti Nurhaliza Kusumawardhani Prawirodirdjo Hadiningrat Sastroamidjojo Wicaksono Putri";
        Assert.InRange(name.Length, 95, CertificateContent.MaxHolderNameLength);
        var content = DemoCertificates.Cipinang() with { HolderName = name };

        var pdf = CertificatePdf.Render(content);

        Assert.Contains(name, PdfTools.ExtractText(pdf), StringComparison.Ordinal);
        var words = PdfTools.ExtractWords(pdf);
        AssertInsideFrame(words);
        AssertNoOverlap(words);
        var nameWords = name.Split(' ');
        var printed = words.Words.Select(w => w.Text).ToList();
        var first = printed.IndexOf(nameWords[0]);
        Assert.True(first >= 0, "The name's first word is missing.");
        Assert.Equal(nameWords, printed.Skip(first).Take(nameWords.Length));
    }

    [Fact]
    public void Render_NameWithoutSpaces_BrokenInsideThePage()
    {
        var name = string.Concat(Enumerable.Repeat("Kusumawardhani", 7));
        Assert.True(name.Length <= CertificateContent.MaxHolderNameLength);
        var content = DemoCertificates.Cipinang() with { HolderName = name };

        var pdf = CertificatePdf.Render(content);

        var compact = PdfTools.ExtractText(pdf).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains(name, compact, StringComparison.Ordinal);
        var words = PdfTools.ExtractWords(pdf);
        AssertInsideFrame(words);
        AssertNoOverlap(words);
    }

    [Fact]
    public void Render_EveryFieldAtItsLimit_AllTextInsideThePageWithoutOverlap()
    {
        var content = DemoCertificates.Cipinang() with
        {
            HolderName = Words("Nama", CertificateContent.MaxHolderNameLength),
            ProgrammeTitleIndonesian = Words("Bimbingan", CertificateContent.MaxProgrammeTitleLength),
            ProgrammeTitleEnglish = Words("Guidance", CertificateContent.MaxProgrammeTitleLength),
            TrackNameIndonesian = Words("Bidang", CertificateContent.MaxTrackNameLength),
            TrackNameEnglish = Words("Track", CertificateContent.MaxTrackNameLength),
            IssuingUnit = Words("Direktorat", CertificateContent.MaxIssuingUnitLength),
            PlaceOfIssue = Words("Kota", CertificateContent.MaxPlaceOfIssueLength),
            SignatoryName = Words("Penanda", CertificateContent.MaxSignatoryLength),
            SignatoryTitle = Words("Jabatan", CertificateContent.MaxSignatoryLength),
            StartDate = new DateOnly(2024, 12, 30),
            EndDate = new DateOnly(2025, 1, 3),
            IssueDate = new DateOnly(2025, 9, 30),
        };

        var pdf = CertificatePdf.Render(content);

        var words = PdfTools.ExtractWords(pdf);
        AssertInsideFrame(words);
        AssertNoOverlap(words);
        var text = PdfTools.ExtractText(pdf);
        foreach (var field in new[] { content.HolderName, content.ProgrammeTitleIndonesian, content.TrackNameEnglish, content.IssuingUnit, content.SignatoryName, content.SignatoryTitle })
        {
            Assert.Contains(field, text, StringComparison.Ordinal);
        }

        Assert.Equal(content.VerificationUrl.AbsoluteUri, PdfTools.DecodeQrCode(pdf));
    }

    [Fact]
    public void Render_NameWithAccents_ExtractsTheSameCharacters()
    {
        var content = DemoCertificates.Cipinang() with { HolderName = "Andr\u0065\u0301 Gérard Sitompul" };

        var text = PdfTools.ExtractText(CertificatePdf.Render(content));

        // The decomposed é is printed in its composed form.
        Assert.Contains("Andr\u00e9 G\u00e9rard Sitompul", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ni Luh Putu Ayu Lestari")]
    [InlineData("Siti Nur'aini")]
    [InlineData("Đặng Thị Ngọc Ánh")]
    [InlineData("Zoë Ñúñez-Łukasiewicz")]
    [InlineData("Andr\u0065\u0301 Sitompul")]
    public void UnprintableInName_LatinNamesWithDiacritics_Null(string name)
    {
        Assert.Null(CertificatePdf.UnprintableInName(name));
        Assert.Contains(name.Normalize(System.Text.NormalizationForm.FormC), PdfTools.ExtractText(CertificatePdf.Render(DemoCertificates.Cipinang() with { HolderName = name })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lim 林 Swie", "林")]
    [InlineData("Ahmad محمد", "م")]
    [InlineData("Ιωάννης", "Ι")]
    public void UnprintableInName_OtherScripts_FirstSuchCharacter(string name, string expected)
    {
        Assert.Equal(expected, CertificatePdf.UnprintableInName(name)?.ToString());
        var error = Assert.Throws<ArgumentException>(() => CertificatePdf.Render(DemoCertificates.Cipinang() with { HolderName = name }));
        Assert.Contains($"'{expected}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithoutSignatory_PrintsPlaceAndDate()
    {
        var content = DemoCertificates.Cipinang() with { SignatoryName = null, SignatoryTitle = null };

        var text = PdfTools.ExtractText(CertificatePdf.Render(content));

        Assert.Contains("Jakarta, 7 September 2024", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Direktur Jenderal", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Page_IsOneA4LandscapePageWithFixedMetadata()
    {
        var content = DemoCertificates.Cipinang();

        var info = PdfTools.Info(CertificatePdf.Render(content));

        Assert.Equal("1", info["Pages"]);
        Assert.StartsWith("842 x 595 pts (A4)", info["Page size"], StringComparison.Ordinal);
        Assert.Equal($"Sertifikat {content.Number}", info["Title"]);
        Assert.Equal(DemoCertificates.IssuingUnit, info["Author"]);
        Assert.Equal(CertificatePdf.Producer, info["Producer"]);
        Assert.Equal(CertificatePdf.Producer, info["Creator"]);
        Assert.Equal("2024-09-07T00:00:00+07", info["CreationDate"]);
        Assert.Equal("2024-09-07T00:00:00+07", info["ModDate"]);
    }

    [Fact]
    public void Render_Fonts_AreTheEmbeddedDejaVuSerifFaces()
    {
        var fonts = PdfTools.Fonts(CertificatePdf.Render(DemoCertificates.Cipinang()));

        Assert.NotEmpty(fonts);
        Assert.All(fonts, font => Assert.True(font.Embedded, $"{font.Name} is not embedded."));
        Assert.All(fonts, font => Assert.Contains("DejaVuSerif", font.Name, StringComparison.Ordinal));
        Assert.Equal(3, fonts.Select(f => f.Name).Distinct().Count());
    }

    [Fact]
    public void Render_DemoCertificate_EmbedsOnlySubsetsOfTheFaces()
    {
        var pdf = CertificatePdf.Render(DemoCertificates.Cipinang());

        // The faces are shipped as Latin subsets (Certificates/Fonts/LICENSE.txt); whole faces made it 626,877 bytes.
        Assert.InRange(pdf.Length, 10_000, 200_000);
    }

    [Fact]
    public void Render_SameContentTwice_SameBytes()
    {
        var first = CertificatePdf.Render(DemoCertificates.Cipinang());
        var second = CertificatePdf.Render(DemoCertificates.Cipinang());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_OtherHolder_OtherBytes()
    {
        var first = CertificatePdf.Render(DemoCertificates.Cipinang());
        var second = CertificatePdf.Render(DemoCertificates.Cipinang() with { HolderName = "Dewi Kartika Sary" });

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Render_CharacterTheFontLacks_ThrowsNamingFieldAndCharacter()
    {
        var content = DemoCertificates.Cipinang() with { HolderName = "Dewi \u738B Sari" };

        var error = Assert.Throws<ArgumentException>(() => CertificatePdf.Render(content));

        Assert.Contains("HolderName", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+738B", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidContent_ThrowsNamingEachField()
    {
        var content = DemoCertificates.Cipinang() with
        {
            HolderName = "  ",
            TrackNameEnglish = "Batik\nCap",
            ProgrammeTitleEnglish = new string('x', CertificateContent.MaxProgrammeTitleLength + 1),
            EndDate = new DateOnly(2024, 9, 2),
            VerificationUrl = new Uri("ftp://example.id/verify"),
        };

        var error = Assert.Throws<ArgumentException>(() => CertificatePdf.Render(content));

        Assert.Contains("HolderName is blank", error.Message, StringComparison.Ordinal);
        Assert.Contains("TrackNameEnglish contains a line break", error.Message, StringComparison.Ordinal);
        Assert.Contains("ProgrammeTitleEnglish has 161 characters, more than 160", error.Message, StringComparison.Ordinal);
        Assert.Contains("EndDate 2024-09-02 is before StartDate 2024-09-03", error.Message, StringComparison.Ordinal);
        Assert.Contains("VerificationUrl 'ftp://example.id/verify' is not an absolute http or https link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_IssuedBeforeTrainingEnded_Throws()
    {
        var content = DemoCertificates.Cipinang() with { IssueDate = new DateOnly(2024, 9, 6) };

        var error = Assert.Throws<ArgumentException>(() => CertificatePdf.Render(content));

        Assert.Contains("IssueDate 2024-09-06 is before EndDate 2024-09-07", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingTool_FailsNamingThePackagesToInstall()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PdfTools.Run("pdftotext-that-does-not-exist"));

        Assert.Contains("'pdftotext-that-does-not-exist' is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install poppler-utils zbar-tools", error.Message, StringComparison.Ordinal);
    }

    // Words of growing length ("Nama1 Nama22 …"), cut to exactly the given number of characters.
    private static string Words(string stem, int length)
    {
        var text = string.Join(' ', Enumerable.Range(1, length).Select(i => stem + new string((char)('a' + (i % 26)), i % 9)));
        return text[..length].TrimEnd();
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var from = 0;
        foreach (var part in parts)
        {
            var at = text.IndexOf(part, from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{part}' is missing after position {from} in the extracted text:\n{text}");
            from = at + part.Length;
        }
    }

    private static void AssertInsideFrame(PdfWords page)
    {
        Assert.Equal(CertificatePdf.PageWidth, page.PageWidth, 0.01);
        Assert.Equal(CertificatePdf.PageHeight, page.PageHeight, 0.01);
        Assert.NotEmpty(page.Words);
        foreach (var word in page.Words)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"'{word.Text}' at ({word.XMin:F1}, {word.YMin:F1})–({word.XMax:F1}, {word.YMax:F1})");
            Assert.True(word.XMin >= FrameInset && word.XMax <= page.PageWidth - FrameInset, $"{where} runs past the frame's sides.");
            Assert.True(word.YMin >= FrameInset && word.YMax <= page.PageHeight - FrameInset, $"{where} runs past the frame's top or bottom.");
        }
    }

    // Boxes from pdftotext span the font's ascent and descent; neighbouring lines may touch but never cross.
    private static void AssertNoOverlap(PdfWords page)
    {
        const double Tolerance = 0.5;
        var words = page.Words;
        for (var i = 0; i < words.Count; i++)
        {
            for (var j = i + 1; j < words.Count; j++)
            {
                var a = words[i];
                var b = words[j];
                var width = Math.Min(a.XMax, b.XMax) - Math.Max(a.XMin, b.XMin);
                var height = Math.Min(a.YMax, b.YMax) - Math.Max(a.YMin, b.YMin);
                Assert.False(
                    width > Tolerance && height > Tolerance,
                    $"'{a.Text}' and '{b.Text}' overlap by {width:F1} × {height:F1} pt.");
            }
        }
    }
}
