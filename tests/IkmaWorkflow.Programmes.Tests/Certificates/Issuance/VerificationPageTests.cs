using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Programmes.Certificates.Issuance;

namespace IkmaWorkflow.Programmes.Tests.Certificates.Issuance;

public class VerificationPageTests
{
    [Fact]
    public void Valid_TextsWithMarkup_AreEscaped()
    {
        var certificate = Certificate();
        certificate.ProgrammeTitle = "Bimtek <script>alert(1)</script> & \"Batik\"";

        var html = VerificationPage.Valid(certificate);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Bimtek &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Batik&quot;", html, StringComparison.Ordinal);
        Assert.Contains("Sertifikat sah", html, StringComparison.Ordinal);
        Assert.Contains("Valid certificate", html, StringComparison.Ordinal);
        Assert.Contains("3–7 September 2024", html, StringComparison.Ordinal);
        Assert.Contains("B. S.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Revoked_ReplacedCertificate_GivesDateInWibReasonAndReplacement()
    {
        var certificate = Certificate();
        certificate.Status = nameof(CertificateStatus.Revoked);
        certificate.RevokedAt = new DateTimeOffset(2024, 9, 9, 20, 30, 0, TimeSpan.Zero);
        certificate.RevocationReason = "Reissued as WUB-2024-000001-2: <nama> salah eja";
        certificate.ReplacedBy = "WUB-2024-000001-2";

        var html = VerificationPage.Revoked(certificate);
        var (english, indonesian) = VerificationPage.ExplainRevocation(certificate);

        Assert.Contains("10 September 2024 03.30 WIB", html, StringComparison.Ordinal);
        Assert.Contains("&lt;nama&gt; salah eja", html, StringComparison.Ordinal);
        Assert.Contains("It was replaced by certificate WUB-2024-000001-2.", english, StringComparison.Ordinal);
        Assert.Contains("dicabut pada 10 September 2024 03.30 WIB", indonesian, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_TypedMarkup_IsEscaped()
    {
        var html = VerificationPage.Invalid("<img src=x>", CertificateNumberProblem.WrongShape);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&#39;&lt;img src=x&gt;&#39; tidak berbentuk nomor sertifikat", html, StringComparison.Ordinal);
    }

    private static CertificateEntity Certificate() => new()
    {
        PartitionKey = "WUB-2024-000000-Z",
        Initials = "B. S.",
        ProgrammeTitle = "Bimtek Wirausaha Baru IKM Batik 2024",
        TrackName = "Batik Cap dan Tulis",
        TrackNameEnglish = "Stamped and Hand-Drawn Batik",
        StartDate = "2024-09-03",
        EndDate = "2024-09-07",
        IssuingUnit = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka",
        IssueDate = "2024-09-07",
        Status = nameof(CertificateStatus.Valid),
    };
}
