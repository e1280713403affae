using System.Globalization;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>Why a participant's personal data was removed.</summary>
public enum RemovalReason
{
    /// <summary>The person asked for erasure (UU PDP No. 27/2022) and a coordinator submitted the erasure form.</summary>
    ErasureRequest,

    /// <summary>The record's <c>RetentionUntil</c> date passed and the daily purge removed it.</summary>
    RetentionEnded,
}

/// <summary>A request a person made about their personal data, as recorded for accountability.</summary>
public enum DataRequestKind
{
    /// <summary>Everything held about the person was exported.</summary>
    Access,

    /// <summary>The name or contact was corrected, or contact consent withdrawn.</summary>
    Correction,

    /// <summary>The personal data was erased.</summary>
    Erasure,
}

/// <summary>
/// One access, correction or erasure of a participant's personal data: who did it and when, never the data itself.
/// Row <c>datarequest|{participantId}|{yyyyMMddHHmmssfffffff}-{random}</c> in the programme's partition, so a participant's log
/// reads as one range in time order. It stays after an erasure: it names only the pseudonymous id.
/// </summary>
public sealed class DataRequestEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "datarequest|";

    /// <summary>A <see cref="DataRequestKind"/> name.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The organisation that made the request on the person's behalf.</summary>
    public string By { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>What changed, by field name only (<c>fullName, contact</c>); never a value.</summary>
    public string? Fields { get; set; }

    /// <summary>The request's own reference (such as a letter number), when the coordinator gave one.</summary>
    public string? Reference { get; set; }

    /// <summary>The participant, from the row key.</summary>
    public string ParticipantId => RowKey[Prefix.Length..RowKey.LastIndexOf('|')];

    /// <summary>The row prefix of one participant's requests.</summary>
    public static string PrefixFor(string participantId) => $"{Prefix}{participantId}|";

    /// <summary>A new log row for <paramref name="participantId"/> at <paramref name="at"/>.</summary>
    public static DataRequestEntity Create(string programmeId, string participantId, DataRequestKind kind, string by, DateTimeOffset at) => new()
    {
        PartitionKey = programmeId,
        // The random tail keeps two requests in the same tick apart.
        RowKey = PrefixFor(participantId) + at.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture) + RecordId.New(string.Empty),
        Kind = kind.ToString(),
        By = by,
        At = at,
    };
}
