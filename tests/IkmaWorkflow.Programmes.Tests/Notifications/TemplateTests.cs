using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.Notifications;

namespace IkmaWorkflow.Programmes.Tests.Notifications;

/// <summary>The six notification kinds: Indonesian before English in every part, WIB times, escaped HTML.</summary>
public sealed class TemplateTests
{
    // The Cipinang closing: Saturday 7 September 2024, 10:00 WIB.
    private static readonly DateTimeOffset CipinangClosing = new(2024, 9, 7, 3, 0, 0, TimeSpan.Zero);

    private const string HostileName = "<script>alert('x')</script> Batik & \"Tulis\"";

    public static TheoryData<string> Kinds => new(AllKinds("Bimtek WUB Batik Cipinang 2024").Keys);

    [Fact]
    public void WibText_Instant_FormatsIndonesianAndEnglishInWib()
    {
        Assert.Equal("7 September 2024 10.00 WIB", WibText.Indonesian(CipinangClosing));
        Assert.Equal("7 September 2024, 10:00 WIB", WibText.English(CipinangClosing));
    }

    [Fact]
    public void WibText_InstantAfter1700Utc_FallsOnTheNextWibDay()
    {
        var newYear = new DateTimeOffset(2024, 12, 31, 17, 30, 0, TimeSpan.Zero);

        Assert.Equal("1 Januari 2025 00.30 WIB", WibText.Indonesian(newYear));
        Assert.Equal("1 January 2025, 00:30 WIB", WibText.English(newYear));
    }

    [Fact]
    public void WibText_InstantInAnotherOffset_IsConvertedToWib()
    {
        var inWita = new DateTimeOffset(2024, 7, 17, 9, 15, 0, TimeSpan.FromHours(8));

        Assert.Equal("17 Juli 2024 08.15 WIB", WibText.Indonesian(inWita));
    }

    [Theory]
    [InlineData(1, "1 Januari 2024", "1 January 2024")]
    [InlineData(5, "1 Mei 2024", "1 May 2024")]
    [InlineData(8, "1 Agustus 2024", "1 August 2024")]
    [InlineData(12, "1 Desember 2024", "1 December 2024")]
    public void WibText_Date_UsesEachLanguagesMonthName(int month, string indonesian, string english)
    {
        var date = new DateOnly(2024, month, 1);

        Assert.Equal(indonesian, WibText.Indonesian(date));
        Assert.Equal(english, WibText.English(date));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_EveryKind_PutsIndonesianBeforeEnglishInEveryPart(string kind)
    {
        var email = AllKinds("Bimtek WUB Batik Cipinang 2024")[kind].Render();

        Assert.Equal(kind, email.Kind);
        Assert.StartsWith("[IKMA] ", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', email.Subject);
        var englishInText = email.Text.IndexOf("English version", StringComparison.Ordinal);
        Assert.True(englishInText > 0, "The text part has no English section.");
        Assert.True(email.Text.IndexOf("Email ini dikirim otomatis", StringComparison.Ordinal) is var id && id >= 0 && id < englishInText);
        Assert.True(email.Text.IndexOf("This email was sent automatically", StringComparison.Ordinal) > englishInText);
        var indonesianInHtml = email.Html.IndexOf("<div lang=\"id\">", StringComparison.Ordinal);
        var englishInHtml = email.Html.IndexOf("<div lang=\"en\">", StringComparison.Ordinal);
        Assert.True(indonesianInHtml >= 0 && englishInHtml > indonesianInHtml, "The HTML part must hold the Indonesian section, then the English one.");
    }

    [Fact]
    public void Render_StageChanged_NamesStageAndNextStepInBothLanguages()
    {
        var email = new ProgrammeStageChanged(
            "Bimtek WUB Batik Cipinang 2024",
            new BilingualText("Sertifikasi", "Certification"),
            new BilingualText("daftar peserta yang lulus dari fasilitator", "the list of passing participants from the facilitator"),
            CipinangClosing).Render();

        Assert.Equal("[IKMA] Bimtek WUB Batik Cipinang 2024: tahap Sertifikasi / Bimtek WUB Batik Cipinang 2024: stage Certification", email.Subject);
        var (indonesian, english) = SplitText(email.Text);
        Assert.Contains("Program Bimtek WUB Batik Cipinang 2024 kini berada pada tahap Sertifikasi.", indonesian, StringComparison.Ordinal);
        AssertField(indonesian, "Berubah pada", "7 September 2024 10.00 WIB");
        AssertField(indonesian, "Selanjutnya menunggu", "daftar peserta yang lulus dari fasilitator");
        Assert.Contains("Programme Bimtek WUB Batik Cipinang 2024 is now at the stage Certification.", english, StringComparison.Ordinal);
        AssertField(english, "Changed at", "7 September 2024, 10:00 WIB");
        AssertField(english, "Now waiting for", "the list of passing participants from the facilitator");
        Assert.Contains("<th style=\"text-align: left; padding: 2px 12px 2px 0; vertical-align: top;\">Tahap</th><td>Sertifikasi</td>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Reminder_ShowsAwaitedAndDueDate()
    {
        var email = new ReminderDue("Bimtek WUB Tangerang 2023", new BilingualText("daftar hadir", "attendance list"), new DateTimeOffset(2023, 7, 22, 9, 0, 0, TimeSpan.Zero)).Render();

        Assert.Equal("[IKMA] Pengingat: daftar hadir paling lambat 22 Juli 2023 16.00 WIB / Reminder: attendance list due 22 July 2023, 16:00 WIB", email.Subject);
        var (indonesian, english) = SplitText(email.Text);
        AssertField(indonesian, "Batas waktu", "22 Juli 2023 16.00 WIB");
        AssertField(english, "Due", "22 July 2023, 16:00 WIB");
    }

    [Fact]
    public void Render_Escalation_ListsWhoWasReminded()
    {
        var email = new EscalationRaised(
            "Bimtek WUB Tangerang 2023",
            new BilingualText("Laporan dokumentasi", "Documentation report"),
            new DateTimeOffset(2023, 7, 29, 17, 0, 0, TimeSpan.Zero),
            ["Koordinator YBI", "Petugas Lapas Perempuan Tangerang"]).Render();

        var (indonesian, english) = SplitText(email.Text);
        AssertField(indonesian, "Sejak", "30 Juli 2023 00.00 WIB");
        Assert.Contains("Sudah diingatkan:\n- Koordinator YBI\n- Petugas Lapas Perempuan Tangerang\n", indonesian, StringComparison.Ordinal);
        AssertField(english, "Since", "30 July 2023, 00:00 WIB");
        Assert.Contains("Reminded:\n- Koordinator YBI\n", english, StringComparison.Ordinal);
        Assert.Contains("<li>Petugas Lapas Perempuan Tangerang</li>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CertificateBatch_ListsNumbersWithInitialsOnly()
    {
        var email = new CertificateBatchIssued(
            "Bimtek WUB Batik Cipinang 2024",
            [
                IssuedCertificate.ForHolder("IKMA-2024-0001", "Siti Rahmawati"),
                IssuedCertificate.ForHolder("IKMA-2024-0002", "budi  santoso putra"),
                new IssuedCertificate("IKMA-2024-0003", "A. W."),
            ],
            CipinangClosing).Render();

        Assert.Equal("[IKMA] 3 sertifikat diterbitkan: Bimtek WUB Batik Cipinang 2024 / 3 certificates issued: Bimtek WUB Batik Cipinang 2024", email.Subject);
        var (indonesian, english) = SplitText(email.Text);
        AssertField(indonesian, "Jumlah sertifikat", "3");
        Assert.Contains("- IKMA-2024-0001 (S. R.)\n- IKMA-2024-0002 (B. S. P.)\n- IKMA-2024-0003 (A. W.)\n", indonesian, StringComparison.Ordinal);
        Assert.Contains("3 certificates were issued for programme Bimtek WUB Batik Cipinang 2024.", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Siti", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rahmawati", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("santoso", email.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_OneCertificate_UsesSingularInEnglish()
    {
        var email = new CertificateBatchIssued("P", [new IssuedCertificate("C-1", "S.")], CipinangClosing).Render();

        Assert.EndsWith("/ 1 certificate issued: P", email.Subject, StringComparison.Ordinal);
        Assert.Contains("1 certificate was issued", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Siti Rahmawati")]
    [InlineData("S R")]
    [InlineData("s. r.")]
    [InlineData("A. B. C. D. E. F.")]
    public void IssuedCertificate_NotInitials_Throws(string initials)
    {
        var error = Assert.Throws<ArgumentException>(() => new IssuedCertificate("C-1", initials));

        Assert.Equal("holderInitials", error.ParamName);
    }

    [Fact]
    public void Render_FollowUp_ShowsPseudonymousIdCheckpointAndLink()
    {
        var email = new FollowUpRequested(
            "P-7Q2K9",
            BilingualText.MonthsAfterRelease(12),
            new DateOnly(2025, 9, 30),
            new Uri("https://ikma.example.go.id/follow-up/P-7Q2K9?checkpoint=12")).Render();

        Assert.Equal("[IKMA] Tindak lanjut 12 bulan untuk peserta P-7Q2K9 / Follow-up at 12 months for participant P-7Q2K9", email.Subject);
        var (indonesian, english) = SplitText(email.Text);
        AssertField(indonesian, "Titik tindak lanjut", "12 bulan setelah bebas");
        AssertField(indonesian, "Batas waktu", "30 September 2025");
        AssertField(indonesian, "Kirim melalui", "https://ikma.example.go.id/follow-up/P-7Q2K9?checkpoint=12");
        AssertField(english, "Checkpoint", "12 months after release");
        Assert.Contains("<a href=\"https://ikma.example.go.id/follow-up/P-7Q2K9?checkpoint=12\">", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void MonthsAfterRelease_One_IsSingularInEnglish()
    {
        var checkpoint = BilingualText.MonthsAfterRelease(1);

        Assert.Equal("1 bulan", checkpoint.Indonesian);
        Assert.Equal("1 month", checkpoint.English);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example/form")]
    public void FollowUpRequested_LinkNotWeb_Throws(string link)
    {
        var error = Assert.Throws<ArgumentException>(() => new FollowUpRequested("P-1", BilingualText.MonthsAfterRelease(6), new DateOnly(2025, 1, 1), new Uri(link)));

        Assert.Equal("submitAt", error.ParamName);
    }

    [Fact]
    public void Render_MouExpiring_ListsPartiesAndExpiry()
    {
        var email = new MouExpiring(
            "B-12/IND/V/2017",
            ["Kementerian Perindustrian", "Kementerian Hukum dan HAM", "Yayasan Batik Indonesia"],
            new DateOnly(2025, 8, 17)).Render();

        Assert.Equal("[IKMA] MoU B-12/IND/V/2017 berakhir 17 Agustus 2025 / MoU B-12/IND/V/2017 expires 17 August 2025", email.Subject);
        var (indonesian, english) = SplitText(email.Text);
        Assert.Contains("Para pihak:\n- Kementerian Perindustrian\n- Kementerian Hukum dan HAM\n- Yayasan Batik Indonesia\n", indonesian, StringComparison.Ordinal);
        AssertField(english, "Valid until", "17 August 2025");
    }

    [Fact]
    public void MouExpiring_OneParty_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MouExpiring("B-1", ["Kementerian Perindustrian"], new DateOnly(2025, 1, 1)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Render_ValuesWithMarkup_AreEscapedInHtmlAndKeptInText(string kind)
    {
        var email = AllKinds(HostileName)[kind].Render();

        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Batik & ", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Batik &amp; &quot;Tulis&quot;", email.Html, StringComparison.Ordinal);

        // The text part is not HTML: the value appears as written.
        Assert.Contains(HostileName, email.Text, StringComparison.Ordinal);

        // Only the layout's own tags remain: every '<' in the HTML opens a tag the layout writes.
        var tags = Regex.Matches(email.Html, "<(/?[a-zA-Z0-9!]+)").Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();
        Assert.Subset(new HashSet<string> { "!doctype", "html", "/html", "head", "/head", "meta", "title", "/title", "body", "/body", "div", "/div", "h2", "/h2", "p", "/p", "table", "/table", "tr", "/tr", "th", "/th", "td", "/td", "ul", "/ul", "li", "/li", "strong", "/strong", "hr", "a", "/a" }, tags);
    }

    [Fact]
    public void Render_ValueWithLineBreak_KeepsSubjectOnOneLine()
    {
        var email = new ReminderDue("Program\r\nBcc: someone@example.com", new BilingualText("laporan", "report"), CipinangClosing).Render();

        Assert.DoesNotContain('\n', email.Subject);
        Assert.DoesNotContain('\r', email.Subject);
    }

    [Fact]
    public void ProgrammeStageChanged_EmptyName_ThrowsNamingTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProgrammeStageChanged(" ", new BilingualText("a", "b"), new BilingualText("c", "d"), CipinangClosing));

        Assert.Equal("programmeName", error.ParamName);
    }

    // Every kind with the same text in every free-text value (names, parties, reminded people).
    private static Dictionary<string, Notification> AllKinds(string text)
    {
        var notifications = new Notification[]
        {
            new ProgrammeStageChanged(text, new BilingualText("Sertifikasi", "Certification"), new BilingualText(text, text), CipinangClosing),
            new ReminderDue(text, new BilingualText(text, text), CipinangClosing),
            new EscalationRaised(text, new BilingualText("Laporan", "Report"), CipinangClosing, [text]),
            new CertificateBatchIssued(text, [new IssuedCertificate(text, "S. R.")], CipinangClosing),
            new FollowUpRequested(text, BilingualText.MonthsAfterRelease(12), new DateOnly(2025, 9, 30), new Uri("https://ikma.example.go.id/follow-up")),
            new MouExpiring(text, [text, "Kementerian Perindustrian"], new DateOnly(2025, 8, 17)),
        };
        return notifications.ToDictionary(n => n.Kind);
    }

    // A labelled value of the text part: the label, a colon, the padding that aligns the values, then the value.
    private static void AssertField(string text, string label, string value) =>
        Assert.Matches(new Regex($"(?m)^{Regex.Escape(label)}: +{Regex.Escape(value)}$"), text);

    private static (string Indonesian, string English) SplitText(string text)
    {
        var split = text.IndexOf("English version", StringComparison.Ordinal);
        Assert.True(split > 0, "The text part has no English section.");
        return (text[..split], text[split..]);
    }
}
