using IkmaWorkflow.Programmes.Certificates;

namespace IkmaWorkflow.Programmes.Tests.Certificates;

/// <summary>
/// Certificate contents for the two real training weeks (docs: the domain page). The holders' names are invented;
/// the facilities are named only in this comment, because the content has nowhere to put them.
/// </summary>
internal static class DemoCertificates
{
    public const string IssuingUnit =
        "Direktorat Jenderal Industri Kecil, Menengah dan Aneka, Kementerian Perindustrian Republik Indonesia";

    /// <summary>Batik at Lapas Kelas I Cipinang, 3–7 September 2024, certificates handed over at the closing.</summary>
    public static CertificateContent Cipinang()
    {
        var number = CertificateNumber.Create(2024, 123_456_789);
        return new CertificateContent
        {
            Number = number,
            HolderName = "Dewi Kartika Sari",
            ProgrammeTitleIndonesian = "Bimbingan Teknis Wirausaha Baru IKM Batik",
            ProgrammeTitleEnglish = "the Technical Guidance for New Small-Industry Entrepreneurs in Batik",
            TrackNameIndonesian = "Batik Cap dan Tulis",
            TrackNameEnglish = "Stamped and Hand-Drawn Batik",
            StartDate = new DateOnly(2024, 9, 3),
            EndDate = new DateOnly(2024, 9, 7),
            IssuingUnit = IssuingUnit,
            PlaceOfIssue = "Jakarta",
            IssueDate = new DateOnly(2024, 9, 7),
            SignatoryName = "Ir. Bambang Prasetyo, M.M.",
            SignatoryTitle = "Direktur Jenderal Industri Kecil, Menengah dan Aneka",
            VerificationUrl = new Uri($"https://ikma-workflow.example.id/api/certificates/{number}/verify"),
        };
    }

    /// <summary>Processed food at the women's facility in Tangerang, 17–22 July 2023.</summary>
    public static CertificateContent Tangerang()
    {
        var number = CertificateNumber.Create(2023, 48_213_007);
        return new CertificateContent
        {
            Number = number,
            HolderName = "Rina Marlina",
            ProgrammeTitleIndonesian = "Bimbingan Teknis Wirausaha Baru IKM Pangan Olahan",
            ProgrammeTitleEnglish = "the Technical Guidance for New Small-Industry Entrepreneurs in Processed Food",
            TrackNameIndonesian = "Pangan Olahan",
            TrackNameEnglish = "Processed Food",
            StartDate = new DateOnly(2023, 7, 17),
            EndDate = new DateOnly(2023, 7, 22),
            IssuingUnit = IssuingUnit,
            PlaceOfIssue = "Jakarta",
            IssueDate = new DateOnly(2023, 7, 22),
            VerificationUrl = new Uri($"https://ikma-workflow.example.id/api/certificates/{number}/verify"),
        };
    }
}
