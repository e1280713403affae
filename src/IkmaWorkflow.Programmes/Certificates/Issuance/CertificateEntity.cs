using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>Where a certificate is in its life.</summary>
public enum CertificateStatus
{
    /// <summary>Its number is taken but its PDF and programme record are not complete yet; verification does not know it.</summary>
    Pending,

    /// <summary>Issued and valid.</summary>
    Valid,

    /// <summary>Revoked (or replaced by a reissue); verification answers 410 Gone.</summary>
    Revoked,
}

/// <summary>
/// A certificate's public record, in the Certificates table under its number (<c>PartitionKey</c> = number,
/// <c>RowKey</c> = <see cref="Row"/>), so verification is one point read. It holds what verification shows
/// (initials, never the full name; never the facility) and the links needed to find the PDF and the participant.
/// </summary>
public sealed class CertificateEntity : RecordEntity
{
    /// <summary>The row key of every certificate.</summary>
    public const string Row = "certificate";

    /// <summary>Creates an empty record.</summary>
    public CertificateEntity() => RowKey = Row;

    /// <summary>The programme the certificate is for.</summary>
    public string ProgrammeId { get; set; } = string.Empty;

    /// <summary>The holder's pseudonymous participant id.</summary>
    public string ParticipantId { get; set; } = string.Empty;

    /// <summary>The holder's initials, such as <c>B. S.</c>: all that verification shows of the person.</summary>
    public string Initials { get; set; } = string.Empty;

    /// <summary>The programme's title as printed.</summary>
    public string ProgrammeTitle { get; set; } = string.Empty;

    /// <summary>The track's code.</summary>
    public string TrackCode { get; set; } = string.Empty;

    /// <summary>The track's name in Indonesian.</summary>
    public string TrackName { get; set; } = string.Empty;

    /// <summary>The track's name in English.</summary>
    public string TrackNameEnglish { get; set; } = string.Empty;

    /// <summary>First training day (<c>yyyy-MM-dd</c>).</summary>
    public string StartDate { get; set; } = string.Empty;

    /// <summary>Last training day (<c>yyyy-MM-dd</c>).</summary>
    public string EndDate { get; set; } = string.Empty;

    /// <summary>The ministry unit that issues it, by name.</summary>
    public string IssuingUnit { get; set; } = string.Empty;

    /// <summary>The date of issue in WIB (<c>yyyy-MM-dd</c>), as printed.</summary>
    public string IssueDate { get; set; } = string.Empty;

    /// <summary>When the number was taken for it.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>A <see cref="CertificateStatus"/> name.</summary>
    public string Status { get; set; } = nameof(CertificateStatus.Pending);

    /// <summary>When it was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it was revoked, as the coordinator wrote it; shown by verification.</summary>
    public string? RevocationReason { get; set; }

    /// <summary>The certificate reissued in its place (set when the reissue starts, so a retried reissue reuses the number).</summary>
    public string? ReplacedBy { get; set; }

    /// <summary>The certificate this one replaces.</summary>
    public string? Replaces { get; set; }

    /// <summary>The PDF's blob in the certificates container.</summary>
    public string BlobName { get; set; } = string.Empty;

    /// <summary>SHA-256 of the PDF, hex, once stored.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>
    /// When the stored PDF (which carries the full name) was deleted because the holder's personal data was erased or
    /// its retention ended; the row stays, so the number still verifies with initials only.
    /// </summary>
    public DateTimeOffset? PdfRemovedAt { get; set; }

    /// <summary>The certificate's number, from the partition key.</summary>
    public string Number => PartitionKey;

    /// <summary>The status as an enum.</summary>
    public CertificateStatus StatusValue => Enum.Parse<CertificateStatus>(Status);

    /// <summary>The blob name of a certificate's PDF: <c>{programmeId}/{number}.pdf</c>.</summary>
    public static string BlobNameOf(string programmeId, string number) => $"{programmeId}/{number}.pdf";
}
