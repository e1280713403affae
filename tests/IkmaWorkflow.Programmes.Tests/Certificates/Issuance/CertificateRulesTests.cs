using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Tests.Certificates.Issuance;

public class CertificateRulesTests
{
    private const string Budi = "p-budi000001";
    private const string Siti = "p-siti000002";

    // Cipinang's batik week: 3–7 September 2024, five training days.
    private static readonly string[] Week = ["2024-09-03", "2024-09-04", "2024-09-05", "2024-09-06", "2024-09-07"];

    [Fact]
    public void Decide_ThresholdExactlyMet_Qualifies()
    {
        var decision = CertificateRules.Decide(Programme(0.8), Participant(Budi), Attendance(Week[..4], Budi), Passed(Budi, true));

        Assert.True(decision.Qualifies);
        Assert.Equal((5, 4, 4), (decision.TrainingDays, decision.DaysAttended, decision.RequiredDays));
        Assert.Equal(0.8, decision.AttendanceRate, precision: 12);
        Assert.Empty(decision.FailedRules);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void Decide_OneDayShort_FailsAttendanceSayingByHowMuch()
    {
        var decision = CertificateRules.Decide(Programme(0.8), Participant(Budi), Attendance(Week[..3], Budi), Passed(Budi, true));

        Assert.False(decision.Qualifies);
        Assert.Equal([CertificateRule.Attendance], decision.FailedRules);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("attended 3 of 5 training days (60%); at least 4 (80%) are required", reason.English);
        Assert.Equal("hadir 3 dari 5 hari pelatihan (60%); diperlukan paling sedikit 4 hari (80%)", reason.Indonesian);
    }

    [Fact]
    public void Decide_DayWithoutAttendanceRecord_CountsAsAbsent()
    {
        // Only three days were recorded at all; the other two count as absent for everyone.
        var attendance = new[] { Day(Week[0], Budi), Day(Week[2], Budi), Day(Week[4], Budi) };

        var decision = CertificateRules.Decide(Programme(0.8), Participant(Budi), attendance, Passed(Budi, true));

        Assert.Equal(3, decision.DaysAttended);
        Assert.False(decision.Qualifies);
    }

    [Fact]
    public void Decide_RecordsOutsideTheWeekAndRepeatedIds_AreNotCounted()
    {
        var attendance = new[] { Day("2024-09-02", Budi), Day("2024-09-08", Budi), Day(Week[0], $"{Budi},{Budi}, {Budi}"), Day(Week[1], Budi) };

        var decision = CertificateRules.Decide(Programme(0.4), Participant(Budi), attendance, Passed(Budi, true));

        Assert.Equal(2, decision.DaysAttended);
        Assert.True(decision.Qualifies);
    }

    [Fact]
    public void Decide_NoAssessmentWhenRequired_FailsSayingNoneIsRecorded()
    {
        var decision = CertificateRules.Decide(Programme(0.8), Participant(Budi), Attendance(Week, Budi), assessment: null);

        Assert.False(decision.Qualifies);
        Assert.Null(decision.AssessmentPassed);
        Assert.Equal([CertificateRule.PassedAssessment], decision.FailedRules);
        Assert.Equal("has no assessment; a passed assessment is required", Assert.Single(decision.Reasons).English);
    }

    [Fact]
    public void Decide_FailedAssessment_FailsSayingItWasNotPassed()
    {
        var decision = CertificateRules.Decide(Programme(0.8), Participant(Budi), Attendance(Week, Budi), Passed(Budi, false));

        Assert.False(decision.AssessmentPassed);
        Assert.Equal("tidak lulus penilaian; diperlukan penilaian dengan hasil lulus", Assert.Single(decision.Reasons).Indonesian);
    }

    [Fact]
    public void Decide_NoAssessmentWhenNotRequired_Qualifies()
    {
        var programme = Programme(0.8);
        programme.RequirePassedAssessment = false;

        var decision = CertificateRules.Decide(programme, Participant(Budi), Attendance(Week, Budi), assessment: null);

        Assert.True(decision.Qualifies);
        Assert.False(decision.AssessmentRequired);
    }

    [Fact]
    public void Decide_Withdrawn_FailsEvenWithFullAttendanceAndAPass()
    {
        var participant = Participant(Budi);
        participant.Status = "Withdrawn";

        var decision = CertificateRules.Decide(Programme(0.8), participant, Attendance(Week, Budi), Passed(Budi, true));

        Assert.False(decision.Qualifies);
        Assert.Equal([CertificateRule.Enrolled], decision.FailedRules);
        Assert.Equal(("withdrew from the programme", "mengundurkan diri dari program"), (decision.Reasons[0].English, decision.Reasons[0].Indonesian));
    }

    [Fact]
    public void Decide_EveryRuleFailed_ListsThemInRuleOrder()
    {
        var participant = Participant(Budi);
        participant.Status = "Withdrawn";

        var decision = CertificateRules.Decide(Programme(0.8), participant, Attendance(Week[..1], Budi), Passed(Budi, false));

        Assert.Equal([CertificateRule.Enrolled, CertificateRule.Attendance, CertificateRule.PassedAssessment], decision.FailedRules);
        Assert.Equal(3, decision.Reasons.Count);
    }

    [Theory]
    [InlineData("0.7", 10, 7)]
    [InlineData("0.8", 5, 4)]
    [InlineData("0.8", 6, 5)]
    [InlineData("0.75", 6, 5)]
    [InlineData("1", 6, 6)]
    [InlineData("0", 6, 0)]
    [InlineData("0.6667", 6, 5)]
    public void Decide_Threshold_RequiresTheFewestWholeDaysAtOrAboveIt(string threshold, int days, int required)
    {
        // Thresholds arrive as decimals from the form and are stored as doubles, as the programme form does.
        var programme = Programme((double)decimal.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture), days);
        var dates = Enumerable.Range(0, days).Select(i => new DateOnly(2024, 9, 3).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var exactly = CertificateRules.Decide(programme, Participant(Budi), Attendance(dates[..required], Budi), Passed(Budi, true));

        Assert.Equal(required, exactly.RequiredDays);
        Assert.True(exactly.Qualifies);
        if (required > 0)
        {
            var short1 = CertificateRules.Decide(programme, Participant(Budi), Attendance(dates[..(required - 1)], Budi), Passed(Budi, true));
            Assert.False(short1.Qualifies);
        }
    }

    [Fact]
    public void Decide_WholeProgramme_DecidesEachParticipantWithItsOwnAssessment()
    {
        var attendance = Week.Select(d => Day(d, $"{Budi},{Siti}")).ToList();
        var assessments = new[] { Passed(Budi, true)!, Passed(Siti, false)! };

        var decisions = CertificateRules.Decide(Programme(0.8), [Participant(Siti), Participant(Budi)], attendance, assessments);

        Assert.Equal([Budi, Siti], decisions.Select(d => d.ParticipantId).ToArray());
        Assert.Equal([true, false], decisions.Select(d => d.Qualifies).ToArray());
        Assert.Equal([5, 5], decisions.Select(d => d.DaysAttended).ToArray());
    }

    [Fact]
    public void Decide_ProgrammeWithoutDates_ThrowsNamingTheProgramme()
    {
        var programme = Programme(0.8);
        programme.StartDate = null;

        var ex = Assert.Throws<ArgumentException>(() => CertificateRules.Decide(programme, Participant(Budi), [], null));

        Assert.Contains("prg-test", ex.Message, StringComparison.Ordinal);
    }

    private static ProgrammeEntity Programme(double threshold, int days = 5) => new()
    {
        PartitionKey = "prg-test",
        StartDate = "2024-09-03",
        EndDate = new DateOnly(2024, 9, 3).AddDays(days - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AttendanceThreshold = threshold,
        RequirePassedAssessment = true,
    };

    private static ParticipantEntity Participant(string id) => new() { PartitionKey = "prg-test", RowKey = ParticipantEntity.Prefix + id, Status = "Enrolled" };

    private static AttendanceEntity Day(string date, string present) => new() { PartitionKey = "prg-test", RowKey = AttendanceEntity.Prefix + date, Present = present };

    private static List<AttendanceEntity> Attendance(string[] days, string id) => [.. days.Select(d => Day(d, id))];

    private static AssessmentEntity? Passed(string id, bool passed) => new() { PartitionKey = "prg-test", RowKey = AssessmentEntity.Prefix + id, Passed = passed };
}
