using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Agreements;

/// <summary>A memorandum of understanding between ministries and partners (Mous table, one partition, row = MoU id).</summary>
public sealed class MouEntity : RecordEntity
{
    /// <summary>The one partition of all MoUs.</summary>
    public const string Partition = "mou";

    /// <summary>Creates an empty MoU row.</summary>
    public MouEntity() => PartitionKey = Partition;

    /// <summary>The MoU's number as written on it.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>Its title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The parties, comma-separated organisation ids.</summary>
    public string PartyIds { get; set; } = string.Empty;

    /// <summary>Signing date (<c>yyyy-MM-dd</c>).</summary>
    public string SignedOn { get; set; } = string.Empty;

    /// <summary>First day of validity (<c>yyyy-MM-dd</c>).</summary>
    public string ValidFrom { get; set; } = string.Empty;

    /// <summary>Last day of validity (<c>yyyy-MM-dd</c>).</summary>
    public string ValidUntil { get; set; } = string.Empty;

    /// <summary>The earlier MoU this one renews.</summary>
    public string? RenewsMouId { get; set; }

    /// <summary>The later MoU that renewed this one.</summary>
    public string? RenewedByMouId { get; set; }

    /// <summary>What the MoU covers.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>The signed document's blob, if uploaded.</summary>
    public string? DocumentBlob { get; set; }

    /// <summary>SHA-256 of the signed document.</summary>
    public string? DocumentSha256 { get; set; }

    /// <summary>Who registered it.</summary>
    public string RegisteredBy { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
}
