using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Letters;

/// <summary>
/// An activity letter (surat) from DG IKMA to facilities about carrying out the coaching in a year (Letters table,
/// one partition, row = letter id). The raw number is kept as written; the parsed parts are best-effort.
/// </summary>
public sealed class LetterEntity : RecordEntity
{
    /// <summary>The one partition of all letters.</summary>
    public const string Partition = "letter";

    /// <summary>Creates an empty letter row.</summary>
    public LetterEntity() => PartitionKey = Partition;

    /// <summary>The number exactly as written, such as <c>B-535/IKMA.3/IND/VII/2024</c>.</summary>
    public string RawNumber { get; set; } = string.Empty;

    /// <summary>Parsed classification code.</summary>
    public string? Classification { get; set; }

    /// <summary>Parsed serial.</summary>
    public int? Serial { get; set; }

    /// <summary>Parsed issuing unit.</summary>
    public string? Unit { get; set; }

    /// <summary>Parsed ministry code.</summary>
    public string? MinistryCode { get; set; }

    /// <summary>Parsed month.</summary>
    public int? NumberMonth { get; set; }

    /// <summary>Parsed year.</summary>
    public int? NumberYear { get; set; }

    /// <summary>The letter's date (<c>yyyy-MM-dd</c>).</summary>
    public string LetterDate { get; set; } = string.Empty;

    /// <summary>The issuing organisation.</summary>
    public string IssuerId { get; set; } = string.Empty;

    /// <summary>The MoU it follows.</summary>
    public string? MouId { get; set; }

    /// <summary>The facilities it covers, comma-separated ids.</summary>
    public string FacilityIds { get; set; } = string.Empty;

    /// <summary>The year of activities it covers.</summary>
    public int CoveredYear { get; set; }

    /// <summary>The letter document's blob, if uploaded.</summary>
    public string? DocumentBlob { get; set; }

    /// <summary>SHA-256 of the document.</summary>
    public string? DocumentSha256 { get; set; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
}
