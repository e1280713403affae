namespace IkmaWorkflow.DemoData.Cases;

/// <summary>What a case loaded: enough for the summary and for the end-to-end tests to check the app's records.</summary>
/// <param name="Key">The case's key, such as <c>cipinang-2024</c>.</param>
/// <param name="Title">The programme's title.</param>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="FacilityName">The facility, which a certificate must not name.</param>
/// <param name="LetterId">The activity letter.</param>
/// <param name="LetterNumber">The letter's number as written.</param>
/// <param name="StartDate">First training day.</param>
/// <param name="EndDate">Last training day.</param>
/// <param name="Tracks">Track codes with their Indonesian names.</param>
/// <param name="Participants">The cohort as enrolled, with the id the app gave each.</param>
/// <param name="ParticipantIds">Participant id by full name.</param>
/// <param name="Documents">The documentation uploaded to the programme.</param>
/// <param name="Certificates">Certificate number by participant id.</param>
/// <param name="Released">Participants whose release was reported.</param>
/// <param name="FollowUpMonths">Checkpoints whose outcomes were submitted (for some or all of <paramref name="Released"/>).</param>
public sealed record CaseResult(
    string Key,
    string Title,
    string ProgrammeId,
    string FacilityName,
    string LetterId,
    string LetterNumber,
    DateOnly StartDate,
    DateOnly EndDate,
    IReadOnlyDictionary<string, string> Tracks,
    IReadOnlyList<DemoParticipant> Participants,
    IReadOnlyDictionary<string, string> ParticipantIds,
    IReadOnlyList<DemoFile> Documents,
    IReadOnlyDictionary<string, string> Certificates,
    IReadOnlyList<string> Released,
    IReadOnlyList<int> FollowUpMonths)
{
    /// <summary>The participants the programme's rules qualify for a certificate (attendance of 80 % and a passed assessment).</summary>
    public IEnumerable<DemoParticipant> Qualifying(int trainingDays) =>
        Participants.Where(p => p.Passed && p.DaysPresent >= Math.Ceiling(0.8 * trainingDays));
}
