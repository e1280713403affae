using System.Globalization;
using System.Text.Json.Serialization;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>One follow-up checkpoint: a participant of a programme, so many months after release.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ParticipantId">The participant's pseudonymous id.</param>
/// <param name="Months">Months after release.</param>
public sealed record FollowUpCheckpoint(string ProgrammeId, string ParticipantId, int Months)
{
    /// <summary>The prefix of every follow-up orchestration's instance id.</summary>
    public const string InstancePrefix = "followup-";

    /// <summary>The checkpoint's orchestration instance: <c>followup-{programmeId}-{participantId}-{months:D2}</c>, one per checkpoint ever.</summary>
    [JsonIgnore]
    public string InstanceId => string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix}{ProgrammeId}-{ParticipantId}-{Months:D2}");

    /// <summary>The checkpoint's row key in the programme's partition.</summary>
    [JsonIgnore]
    public string RowKey => FollowUpEntity.RowFor(ParticipantId, Months);

    /// <summary>
    /// When a checkpoint falls due: <paramref name="months"/> calendar months after <paramref name="releaseDate"/>, each
    /// counted from the release date itself (not from the previous checkpoint). When the target month is shorter, the
    /// checkpoint falls on its last day: released 31 January 2025, the 1-month checkpoint is 28 February 2025 and the
    /// 6-month one 31 July 2025; released 29 February 2024, the 12-month one is 28 February 2025.
    /// </summary>
    public static DateOnly DueDate(DateOnly releaseDate, int months) => releaseDate.AddMonths(months);
}
