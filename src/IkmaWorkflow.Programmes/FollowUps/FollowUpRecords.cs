using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>How a release happened; release dates move with the route, so follow-ups are recomputed when they change.</summary>
public enum ReleaseRoute
{
    /// <summary>End of sentence.</summary>
    EndOfSentence,

    /// <summary>Pembebasan Bersyarat: parole.</summary>
    Parole,

    /// <summary>Cuti Bersyarat: conditional leave.</summary>
    ConditionalLeave,

    /// <summary>Cuti Menjelang Bebas: pre-release leave.</summary>
    PreReleaseLeave,

    /// <summary>Asimilasi: assimilation.</summary>
    Assimilation,
}

/// <summary>Whether the person was reached at a checkpoint.</summary>
public enum ContactOutcome
{
    /// <summary>Reached and answered.</summary>
    Reached,

    /// <summary>Could not be reached.</summary>
    Unreachable,

    /// <summary>Reached but declined to answer.</summary>
    Declined,
}

/// <summary>Employment status at a checkpoint.</summary>
public enum EmploymentStatus
{
    /// <summary>Employed full time.</summary>
    EmployedFullTime,

    /// <summary>Employed part time.</summary>
    EmployedPartTime,

    /// <summary>Self-employed or running a business.</summary>
    SelfEmployed,

    /// <summary>Unemployed.</summary>
    Unemployed,

    /// <summary>Unable to work.</summary>
    UnableToWork,

    /// <summary>In education.</summary>
    Student,
}

/// <summary>Monthly income band, in rupiah. Names are spelt out without digits, as forms take names, never numbers.</summary>
public enum IncomeBand
{
    /// <summary>No income.</summary>
    None,

    /// <summary>Below Rp 1 million.</summary>
    BelowOneMillion,

    /// <summary>Rp 1 to 3 million.</summary>
    OneToThreeMillion,

    /// <summary>Rp 3 to 5 million.</summary>
    ThreeToFiveMillion,

    /// <summary>Above Rp 5 million.</summary>
    AboveFiveMillion,
}

/// <summary>Reoffence as reported by the probation office.</summary>
public enum Reoffence
{
    /// <summary>No reoffence known.</summary>
    No,

    /// <summary>Reoffended.</summary>
    Yes,

    /// <summary>Not known.</summary>
    Unknown,
}

/// <summary>The states of a follow-up checkpoint row (<see cref="FollowUpEntity.Status"/>).</summary>
public static class CheckpointStatus
{
    /// <summary>Waiting for its due date (the release form may still move it).</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>Due: the daily scan started its orchestration, which asked the responsible organisation.</summary>
    public const string Requested = "Requested";

    /// <summary>The outcome was submitted.</summary>
    public const string Reported = "Reported";

    /// <summary>No outcome arrived in time; recorded as <see cref="ContactOutcome.Unreachable"/>.</summary>
    public const string Unreachable = "Unreachable";

    /// <summary>Closed without an outcome because the participant's personal data was erased (or its retention ended).</summary>
    public const string Erased = "Erased";

    /// <summary>Whether nothing more is expected of a checkpoint in <paramref name="status"/>.</summary>
    public static bool IsClosed(string status) => status is Reported or Unreachable or Erased;
}

/// <summary>
/// One follow-up checkpoint of a released participant; row <c>followup|{participantId}|{months:D2}</c> in the
/// programme's partition, so a changed release date recomputes every checkpoint in one transaction.
/// </summary>
public sealed class FollowUpEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "followup|";

    /// <summary><c>Scheduled</c> (due in the future), <c>Requested</c> (the partner was asked), <c>Reported</c>, <c>Unreachable</c> (timed out), or <c>Erased</c> (closed by an erasure).</summary>
    public string Status { get; set; } = CheckpointStatus.Scheduled;

    /// <summary>Months after release.</summary>
    public int Months { get; set; }

    /// <summary>When the checkpoint is due (<c>yyyy-MM-dd</c>).</summary>
    public string DueDate { get; set; } = string.Empty;

    /// <summary>The organisation asked to report (the programme's probation office by default).</summary>
    public string? ResponsibleId { get; set; }

    /// <summary>When the daily scan asked the responsible organisation (started the checkpoint's orchestration).</summary>
    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>A <see cref="ContactOutcome"/> name, once reported.</summary>
    public string? ContactOutcome { get; set; }

    /// <summary>An <see cref="EmploymentStatus"/> name.</summary>
    public string? Employment { get; set; }

    /// <summary>Whether a business was started.</summary>
    public bool? BusinessStarted { get; set; }

    /// <summary>The business's sector.</summary>
    public string? BusinessSector { get; set; }

    /// <summary>Whether the business is registered (NIB).</summary>
    public bool? BusinessRegistered { get; set; }

    /// <summary>An <see cref="IncomeBand"/> name.</summary>
    public string? Income { get; set; }

    /// <summary>Whether the trained skill is still practised.</summary>
    public bool? PractisingSkill { get; set; }

    /// <summary>Whether products are sold or have market access.</summary>
    public bool? MarketAccess { get; set; }

    /// <summary>A <see cref="FollowUps.Reoffence"/> name.</summary>
    public string? Reoffence { get; set; }

    /// <summary>Who reported.</summary>
    public string? ReportedBy { get; set; }

    /// <summary>When it was reported (or recorded unreachable).</summary>
    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>The participant, from the row key.</summary>
    public string ParticipantId => RowKey[Prefix.Length..RowKey.LastIndexOf('|')];

    /// <summary>The row key of a participant's checkpoint.</summary>
    public static string RowFor(string participantId, int months) => $"{Prefix}{participantId}|{months:D2}";
}
