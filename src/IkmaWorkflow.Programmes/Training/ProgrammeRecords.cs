using System.Runtime.Serialization;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>
/// A programme: one training week at one facility. It and everything recorded about it share one partition of the
/// Programmes table (<c>PartitionKey</c> = programme id), so a form's changes and the stage check commit together
/// in one transaction. This row's key is <see cref="Row"/>.
/// </summary>
public sealed class ProgrammeEntity : RecordEntity
{
    /// <summary>The programme row's key.</summary>
    public const string Row = "programme";

    /// <summary>Creates an empty programme row.</summary>
    public ProgrammeEntity() => RowKey = Row;

    /// <summary>The title, such as <c>Bimtek Wirausaha Baru IKM Batik 2024</c>.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The facility where the week takes place.</summary>
    public string FacilityId { get; set; } = string.Empty;

    /// <summary>The ministry unit that runs it (and issues the certificates).</summary>
    public string CoordinatorUnitId { get; set; } = string.Empty;

    /// <summary>Partner organisations, comma-separated ids.</summary>
    public string PartnerIds { get; set; } = string.Empty;

    /// <summary>The probation office that follows released participants up.</summary>
    public string? ProbationOfficeId { get; set; }

    /// <summary>The MoU the programme follows.</summary>
    public string? MouId { get; set; }

    /// <summary>The activity letter, once submitted.</summary>
    public string? LetterId { get; set; }

    /// <summary>The year the programme belongs to.</summary>
    public int Year { get; set; }

    /// <summary>A <see cref="ProgrammeStage"/> name.</summary>
    public string Stage { get; set; } = nameof(ProgrammeStage.AwaitingActivityLetter);

    /// <summary>When the stage began.</summary>
    public DateTimeOffset StageSince { get; set; }

    /// <summary>The stages entered so far with their times, oldest first (<see cref="Orchestrations.StageHistory"/>); null on rows written before it was kept.</summary>
    public string? StageHistory { get; set; }

    /// <summary>First training day (<c>yyyy-MM-dd</c>), once planned.</summary>
    public string? StartDate { get; set; }

    /// <summary>Last training day (<c>yyyy-MM-dd</c>), once planned.</summary>
    public string? EndDate { get; set; }

    /// <summary>Where at the facility, such as its job-training hall (BLK).</summary>
    public string? Venue { get; set; }

    /// <summary>The share of training days a participant must attend to qualify for a certificate (0 to 1).</summary>
    public double AttendanceThreshold { get; set; } = 0.8;

    /// <summary>Whether a passed assessment is needed to qualify for a certificate.</summary>
    public bool RequirePassedAssessment { get; set; } = true;

    /// <summary>Who opened the programme.</summary>
    public string OpenedBy { get; set; } = string.Empty;

    /// <summary>When it was opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>The stage as an enum.</summary>
    public ProgrammeStage StageValue => Enum.Parse<ProgrammeStage>(Stage);

    /// <summary>Every organisation taking part: facility, coordinating unit, partners and probation office.</summary>
    public IEnumerable<string> Participants() =>
        new[] { FacilityId, CoordinatorUnitId, ProbationOfficeId }.Concat(PartnerIds.Split(',', StringSplitOptions.RemoveEmptyEntries)).OfType<string>();
}

/// <summary>A track of a programme (batik, processed food, ...) with its quota; row <c>track|{code}</c>.</summary>
public sealed class TrackEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "track|";

    /// <summary>The track's name in Indonesian.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The track's name in English.</summary>
    public string NameEnglish { get; set; } = string.Empty;

    /// <summary>How many participants it takes.</summary>
    public int Quota { get; set; }

    /// <summary>Trainers' names, separated by semicolons.</summary>
    public string Trainers { get; set; } = string.Empty;

    /// <summary>The track's code, from the row key.</summary>
    public string Code => RowKey[Prefix.Length..];
}

/// <summary>Whether a participant is an inmate or a facility officer.</summary>
public enum ParticipantType
{
    /// <summary>A person serving a sentence (warga binaan).</summary>
    Inmate,

    /// <summary>A facility officer (petugas).</summary>
    Officer,
}

/// <summary>
/// A participant under a pseudonymous id; row <c>participant|{id}</c>. Nothing here identifies the person: the
/// name lives in the Identities table, and offence, sentence, case number, NIK and health data are never stored.
/// </summary>
public sealed class ParticipantEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "participant|";

    /// <summary>A <see cref="ParticipantType"/> name.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The track's code.</summary>
    public string TrackCode { get; set; } = string.Empty;

    /// <summary><c>Enrolled</c> or <c>Withdrawn</c>.</summary>
    public string Status { get; set; } = "Enrolled";

    /// <summary>For inmates, the expected release month (<c>yyyy-MM</c>).</summary>
    public string? ExpectedReleaseMonth { get; set; }

    /// <summary>For inmates, the actual release date once reported (<c>yyyy-MM-dd</c>).</summary>
    public string? ReleaseDate { get; set; }

    /// <summary>For released inmates, a <see cref="FollowUps.ReleaseRoute"/> name.</summary>
    public string? ReleaseRoute { get; set; }

    /// <summary>The date after which the record is purged (<c>yyyy-MM-dd</c>).</summary>
    public string RetentionUntil { get; set; } = string.Empty;

    /// <summary>When the participant was enrolled.</summary>
    public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>When the participant's personal data was removed (erasure request or end of retention); null while it is held.</summary>
    public DateTimeOffset? PersonalDataRemovedAt { get; set; }

    /// <summary>A <see cref="Privacy.RemovalReason"/> name: why the personal data was removed.</summary>
    public string? PersonalDataRemovedBecause { get; set; }

    /// <summary>The organisation that asked for the erasure, or <c>retention</c> for the daily purge.</summary>
    public string? PersonalDataRemovedBy { get; set; }

    /// <summary>The pseudonymous id, from the row key.</summary>
    public string ParticipantId => RowKey[Prefix.Length..];
}

/// <summary>
/// A participant's name and, with recorded consent, contact details: the personal data a certificate or follow-up
/// needs, in the Identities table (partition = programme id, row = participant id), apart from programme records.
/// The name and contact are stored sealed (<see cref="Privacy.PersonalDataCipher"/>, <see cref="Storage.RecordStore.PersonalData"/>).
/// </summary>
public sealed class IdentityEntity : RecordEntity
{
    /// <summary>The full name as it should appear on a certificate, sealed (column <c>FullName</c>).</summary>
    [DataMember(Name = "FullName")]
    public string SealedFullName { get; set; } = string.Empty;

    /// <summary>Whether the person consented to be contacted for follow-up.</summary>
    public bool ContactConsent { get; set; }

    /// <summary>A phone number or address for follow-up, only with consent; sealed (column <c>Contact</c>).</summary>
    [DataMember(Name = "Contact")]
    public string? SealedContact { get; set; }

    /// <summary>The date after which the record is purged (<c>yyyy-MM-dd</c>).</summary>
    public string RetentionUntil { get; set; } = string.Empty;

    /// <summary>When the name or contact was last corrected; null if never.</summary>
    public DateTimeOffset? CorrectedAt { get; set; }

    /// <summary>The organisation that made the last correction.</summary>
    public string? CorrectedBy { get; set; }
}

/// <summary>One training day's attendance; row <c>attendance|{yyyy-MM-dd}</c>. A later record of the day replaces it.</summary>
public sealed class AttendanceEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "attendance|";

    /// <summary>Participant ids present, comma-separated.</summary>
    public string Present { get; set; } = string.Empty;

    /// <summary>Who recorded it.</summary>
    public string RecordedBy { get; set; } = string.Empty;

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The day, from the row key.</summary>
    public string Day => RowKey[Prefix.Length..];
}

/// <summary>A participant's assessment at the end of the week; row <c>assessment|{participantId}</c>. A later one replaces it.</summary>
public sealed class AssessmentEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "assessment|";

    /// <summary>Whether the participant passed.</summary>
    public bool Passed { get; set; }

    /// <summary>The score, 0 to 100, when the assessor gives one.</summary>
    public int? Score { get; set; }

    /// <summary>The assessor's remarks.</summary>
    public string? Remarks { get; set; }

    /// <summary>Who submitted it.</summary>
    public string AssessedBy { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset AssessedAt { get; set; }

    /// <summary>The participant, from the row key.</summary>
    public string ParticipantId => RowKey[Prefix.Length..];
}

/// <summary>The closing report of the training week; row <see cref="Row"/>. Submitting it starts certification.</summary>
public sealed class ClosingReportEntity : RecordEntity
{
    /// <summary>The row key.</summary>
    public const string Row = "closing";

    /// <summary>Creates an empty closing report row.</summary>
    public ClosingReportEntity() => RowKey = Row;

    /// <summary>When the closing took place (the ceremony), such as 7 September 2024 10:00 WIB.</summary>
    public DateTimeOffset ClosedAt { get; set; }

    /// <summary>The summary of the week.</summary>
    public string Summary { get; set; } = string.Empty;

    /// <summary>Recommendation for continuation.</summary>
    public string? Recommendation { get; set; }

    /// <summary>Who submitted it.</summary>
    public string SubmittedBy { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>
/// A participant's certificate as recorded in the programme; row <c>certificate|{participantId}</c>. The public
/// record for verification is in the Certificates table under the number.
/// </summary>
public sealed class ParticipantCertificateEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "certificate|";

    /// <summary>The current certificate number (a reissue replaces it).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>The PDF's blob in the certificates container.</summary>
    public string BlobName { get; set; } = string.Empty;

    /// <summary>SHA-256 of the PDF.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The participant, from the row key.</summary>
    public string ParticipantId => RowKey[Prefix.Length..];
}
