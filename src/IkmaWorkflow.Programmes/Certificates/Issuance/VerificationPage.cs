using System.Net;
using System.Text;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// The verification answer as a small page for a phone that scanned a certificate's QR code: Indonesian first, then
/// English, dates in WIB, every text HTML-escaped. No script, no external resource.
/// </summary>
internal static class VerificationPage
{
    /// <summary>What is wrong with a typed number, in English and Indonesian.</summary>
    public static (string English, string Indonesian) Explain(string typed, CertificateNumberProblem problem) => problem switch
    {
        CertificateNumberProblem.Empty => ("No certificate number was given.", "Nomor sertifikat tidak diisi."),
        CertificateNumberProblem.UnknownCharacter => (
            $"'{typed}' contains a character that certificate numbers never use. Compare it with the number printed on the certificate.",
            $"'{typed}' memuat karakter yang tidak pernah dipakai dalam nomor sertifikat. Bandingkan dengan nomor yang tercetak pada sertifikat."),
        CertificateNumberProblem.CheckCharacterMismatch => (
            $"'{typed}' fails its check character: one character is mistyped or two are swapped. Compare it with the number printed on the certificate.",
            $"Karakter pemeriksa '{typed}' tidak cocok: ada satu karakter yang salah ketik atau dua karakter tertukar. Bandingkan dengan nomor yang tercetak pada sertifikat."),
        _ => (
            $"'{typed}' is not shaped like a certificate number, which reads {CertificateNumber.Prefix}-year-six characters-one character, such as WUB-2024-49N302-5.",
            $"'{typed}' tidak berbentuk nomor sertifikat, yaitu {CertificateNumber.Prefix}-tahun-enam karakter-satu karakter, misalnya WUB-2024-49N302-5."),
    };

    /// <summary>Why a certificate is revoked, in English and Indonesian.</summary>
    public static (string English, string Indonesian) ExplainRevocation(CertificateEntity c)
    {
        var when = c.RevokedAt is { } at ? (WibText.English(at), WibText.Indonesian(at)) : ("an unknown date", "tanggal yang tidak diketahui");
        var reason = string.IsNullOrWhiteSpace(c.RevocationReason) ? "-" : c.RevocationReason;
        var english = $"Certificate {c.Number} was revoked on {when.Item1} and is no longer valid. Reason: {reason}.";
        var indonesian = $"Sertifikat {c.Number} dicabut pada {when.Item2} dan tidak berlaku lagi. Alasan: {reason}.";
        return c.ReplacedBy is { } replacement
            ? (english + $" It was replaced by certificate {replacement}.", indonesian + $" Sertifikat ini diganti dengan sertifikat {replacement}.")
            : (english, indonesian);
    }

    /// <summary>A valid certificate.</summary>
    public static string Valid(CertificateEntity c)
    {
        var start = DateText.Parse(c.StartDate);
        var end = DateText.Parse(c.EndDate);
        var issued = DateText.Parse(c.IssueDate);
        var rows = new List<(string, string, string)>
        {
            ("Nomor", "Number", c.Number),
            ("Pemegang (inisial)", "Holder (initials)", c.Initials),
            ("Program", "Programme", c.ProgrammeTitle),
            ("Bidang", "Track", $"{c.TrackName} / {c.TrackNameEnglish}"),
            ("Tanggal pelatihan", "Training dates", $"{CertificateDates.IndonesianRange(start, end)} / {CertificateDates.EnglishRange(start, end)}"),
            ("Diterbitkan oleh", "Issued by", c.IssuingUnit),
            ("Tanggal terbit", "Issue date", $"{CertificateDates.Indonesian(issued)} / {CertificateDates.English(issued)} (WIB)"),
        };
        if (c.Replaces is { } replaced)
        {
            rows.Add(("Menggantikan", "Replaces", replaced));
        }

        return Render("valid", "Sertifikat sah", "Valid certificate", "Sertifikat ini diterbitkan dan berlaku.", "This certificate was issued and is valid.", rows);
    }

    /// <summary>A revoked certificate.</summary>
    public static string Revoked(CertificateEntity c)
    {
        var (english, indonesian) = ExplainRevocation(c);
        var rows = new List<(string, string, string)> { ("Nomor", "Number", c.Number), ("Program", "Programme", c.ProgrammeTitle) };
        if (c.ReplacedBy is { } replacement)
        {
            rows.Add(("Diganti dengan", "Replaced by", replacement));
        }

        return Render("revoked", "Sertifikat dicabut", "Certificate revoked", indonesian, english, rows);
    }

    /// <summary>A number that no certificate has.</summary>
    public static string NotFound(string number) => Render(
        "unknown",
        "Sertifikat tidak ditemukan",
        "Certificate not found",
        $"Tidak ada sertifikat {number} yang diterbitkan. Periksa kembali nomor pada sertifikat.",
        $"No certificate {number} has been issued. Check the number against the certificate.",
        []);

    /// <summary>A mistyped number.</summary>
    public static string Invalid(string typed, CertificateNumberProblem problem)
    {
        var (english, indonesian) = Explain(typed, problem);
        return Render("unknown", "Nomor sertifikat tidak valid", "Not a valid certificate number", indonesian, english, []);
    }

    private static string Render(string state, string titleIndonesian, string titleEnglish, string messageIndonesian, string messageEnglish, List<(string Indonesian, string English, string Value)> rows)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var colour = state switch { "valid" => "#1b6e3a", "revoked" => "#a12a1f", _ => "#6b5a12" };
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n")
            .Append("<title>").Append(E(titleIndonesian)).Append(" / ").Append(E(titleEnglish)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:0;padding:1rem;color:#1d2433;max-width:40rem}")
            .Append("h1{font-size:1.4rem;margin:.2rem 0;color:").Append(colour).Append("}h2{font-size:1rem;margin:0 0 1rem;font-weight:normal;font-style:italic;color:#555}")
            .Append(".en{color:#555;font-style:italic}dt{font-weight:bold;margin-top:.7rem}dd{margin:0}footer{margin-top:1.5rem;font-size:.85rem;color:#555}</style>\n")
            .Append("</head>\n<body>\n<main>\n")
            .Append("<h1>").Append(E(titleIndonesian)).Append("</h1>\n")
            .Append("<h2 lang=\"en\">").Append(E(titleEnglish)).Append("</h2>\n")
            .Append("<p>").Append(E(messageIndonesian)).Append("</p>\n")
            .Append("<p class=\"en\" lang=\"en\">").Append(E(messageEnglish)).Append("</p>\n");
        if (rows.Count > 0)
        {
            html.Append("<dl>\n");
            foreach (var (indonesian, english, value) in rows)
            {
                html.Append("<dt>").Append(E(indonesian)).Append(" <span class=\"en\" lang=\"en\">/ ").Append(E(english)).Append("</span></dt>\n")
                    .Append("<dd>").Append(E(value)).Append("</dd>\n");
            }

            html.Append("</dl>\n");
        }

        html.Append("</main>\n<footer>Kementerian Perindustrian Republik Indonesia &middot; Bimbingan Teknis Wirausaha Baru IKM</footer>\n</body>\n</html>\n");
        return html.ToString();
    }
}
