using System.Globalization;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>A rule a participant must meet to receive a certificate.</summary>
public enum CertificateRule
{
    /// <summary>Still enrolled at closing (not withdrawn).</summary>
    Enrolled,

    /// <summary>Attended at least the programme's share of training days.</summary>
    Attendance,

    /// <summary>Passed the assessment, when the programme asks for it.</summary>
    PassedAssessment,
}

/// <summary>
/// Whether one participant qualifies for a certificate, with the figures behind it, so a closing summary can say why
/// someone did not.
/// </summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Qualifies">Whether every rule is met.</param>
/// <param name="TrainingDays">Days from the first to the last training day, both counted.</param>
/// <param name="DaysAttended">Training days the participant is recorded present on.</param>
/// <param name="RequiredDays">The fewest days that meet the attendance threshold.</param>
/// <param name="AttendanceThreshold">The programme's threshold, 0 to 1.</param>
/// <param name="AssessmentRequired">Whether the programme asks for a passed assessment.</param>
/// <param name="AssessmentPassed">The assessment's outcome, or <see langword="null"/> when none is recorded.</param>
/// <param name="Status">The participant's enrolment status.</param>
/// <param name="FailedRules">The rules not met, in the order of <see cref="CertificateRule"/>; empty when qualifying.</param>
public sealed record CertificateDecision(
    string ParticipantId,
    bool Qualifies,
    int TrainingDays,
    int DaysAttended,
    int RequiredDays,
    double AttendanceThreshold,
    bool AssessmentRequired,
    bool? AssessmentPassed,
    string Status,
    IReadOnlyList<CertificateRule> FailedRules)
{
    /// <summary>The share of training days attended, 0 to 1.</summary>
    public double AttendanceRate => TrainingDays == 0 ? 0 : (double)DaysAttended / TrainingDays;

    /// <summary>Why the participant does not qualify, one text per failed rule, in Indonesian and English.</summary>
    public IReadOnlyList<BilingualText> Reasons => [.. FailedRules.Select(Reason)];

    private BilingualText Reason(CertificateRule rule) => rule switch
    {
        CertificateRule.Enrolled => Status == "Withdrawn"
            ? new BilingualText("mengundurkan diri dari program", "withdrew from the programme")
            : new BilingualText($"tidak terdaftar aktif (status {Status})", $"is not enrolled (status {Status})"),
        CertificateRule.Attendance => new BilingualText(
            string.Create(CultureInfo.InvariantCulture, $"hadir {DaysAttended} dari {TrainingDays} hari pelatihan ({Percent(AttendanceRate)}); diperlukan paling sedikit {RequiredDays} hari ({Percent(AttendanceThreshold)})"),
            string.Create(CultureInfo.InvariantCulture, $"attended {DaysAttended} of {TrainingDays} training days ({Percent(AttendanceRate)}); at least {RequiredDays} ({Percent(AttendanceThreshold)}) are required")),
        _ => AssessmentPassed is null
            ? new BilingualText("belum memiliki hasil penilaian; diperlukan penilaian dengan hasil lulus", "has no assessment; a passed assessment is required")
            : new BilingualText("tidak lulus penilaian; diperlukan penilaian dengan hasil lulus", "did not pass the assessment; a passed assessment is required"),
    };

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(share * 100, MidpointRounding.AwayFromZero):0}%");
}

/// <summary>
/// Who qualifies for a certificate: a participant still enrolled, present on at least the programme's
/// <see cref="ProgrammeEntity.AttendanceThreshold"/> share of training days and, when the programme sets
/// <see cref="ProgrammeEntity.RequirePassedAssessment"/>, with a passed assessment.
/// </summary>
/// <remarks>
/// Training days are every date from <see cref="ProgrammeEntity.StartDate"/> to <see cref="ProgrammeEntity.EndDate"/>,
/// both included; a day without an attendance record counts as absent for everyone, and records outside the week
/// are ignored. The threshold is met by the smallest whole number of days at or above threshold × days (4 of 5 days
/// meet 0.8 exactly), computed with a small tolerance so a threshold such as 0.7 stored as a binary fraction is not
/// rounded up past 7 of 10 days.
/// </remarks>
public static class CertificateRules
{
    /// <summary>Decides for every participant of a programme, ordered by participant id.</summary>
    /// <exception cref="ArgumentException">The programme has no training dates yet.</exception>
    public static IReadOnlyList<CertificateDecision> Decide(
        ProgrammeEntity programme, IEnumerable<ParticipantEntity> participants, IEnumerable<AttendanceEntity> attendance, IEnumerable<AssessmentEntity> assessments)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(assessments);
        var days = PresentDays(programme, attendance);
        var results = assessments.ToDictionary(a => a.ParticipantId, a => a.Passed, StringComparer.Ordinal);
        return [.. participants
            .OrderBy(p => p.ParticipantId, StringComparer.Ordinal)
            .Select(p => Decide(programme, p, days, results.TryGetValue(p.ParticipantId, out var passed) ? passed : null))];
    }

    /// <summary>Decides for one participant.</summary>
    /// <param name="programme">The programme, with its training dates and rules.</param>
    /// <param name="participant">The participant.</param>
    /// <param name="attendance">The programme's attendance records.</param>
    /// <param name="assessment">The participant's assessment, or <see langword="null"/> when none is recorded.</param>
    /// <exception cref="ArgumentException">The programme has no training dates yet.</exception>
    public static CertificateDecision Decide(ProgrammeEntity programme, ParticipantEntity participant, IEnumerable<AttendanceEntity> attendance, AssessmentEntity? assessment)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return Decide(programme, participant, PresentDays(programme, attendance), assessment?.Passed);
    }

    /// <summary>Loads a programme's participants, attendance and assessments and decides for each participant.</summary>
    /// <exception cref="ArgumentException">The programme does not exist or has no training dates yet.</exception>
    public static async Task<IReadOnlyList<CertificateDecision>> DecideAsync(RecordStore store, string programmeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!programme.HasValue)
        {
            throw new ArgumentException($"No programme '{programmeId}' exists.", nameof(programmeId));
        }

        var participants = await ProgrammeQueries.ParticipantsAsync(store, programmeId, cancellationToken).ConfigureAwait(false);
        var attendance = await ProgrammeQueries.AttendanceAsync(store, programmeId, cancellationToken).ConfigureAwait(false);
        var assessments = await ProgrammeQueries.AssessmentsAsync(store, programmeId, cancellationToken).ConfigureAwait(false);
        return Decide(programme.Value!, participants, attendance, assessments);
    }

    private static CertificateDecision Decide(ProgrammeEntity programme, ParticipantEntity participant, (int TrainingDays, Dictionary<string, int> Present) days, bool? passed)
    {
        var attended = days.Present.GetValueOrDefault(participant.ParticipantId);
        var required = Math.Max(0, (int)Math.Ceiling((programme.AttendanceThreshold * days.TrainingDays) - 1e-9));
        var failed = new List<CertificateRule>();
        if (participant.Status != "Enrolled")
        {
            failed.Add(CertificateRule.Enrolled);
        }

        if (attended < required)
        {
            failed.Add(CertificateRule.Attendance);
        }

        if (programme.RequirePassedAssessment && passed != true)
        {
            failed.Add(CertificateRule.PassedAssessment);
        }

        return new CertificateDecision(
            participant.ParticipantId, failed.Count == 0, days.TrainingDays, attended, required, programme.AttendanceThreshold,
            programme.RequirePassedAssessment, passed, participant.Status, failed);
    }

    // Counts, per participant, the training days they are recorded present on.
    private static (int TrainingDays, Dictionary<string, int> Present) PresentDays(ProgrammeEntity programme, IEnumerable<AttendanceEntity> attendance)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(attendance);
        if (programme.StartDate is null || programme.EndDate is null)
        {
            throw new ArgumentException($"Programme '{programme.PartitionKey}' has no training dates yet, so attendance cannot be judged.", nameof(programme));
        }

        var start = DateText.Parse(programme.StartDate);
        var end = DateText.Parse(programme.EndDate);
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in attendance)
        {
            if (!DateOnly.TryParseExact(day.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date < start || date > end)
            {
                continue;
            }

            foreach (var id in day.Present.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
            {
                present[id] = present.GetValueOrDefault(id) + 1;
            }
        }

        return (end.DayNumber - start.DayNumber + 1, present);
    }
}
