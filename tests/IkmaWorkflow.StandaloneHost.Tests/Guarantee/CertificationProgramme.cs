using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>
/// Tangerang 2023's programme driven through its forms up to the closing report, as the demo-data command's case
/// script sends them (<see cref="ProgrammeSteps"/>): the organisations, people and MoUs, the activity letter, the
/// plan of three tracks of 30, 90 inmates enrolled by CSV, six days of attendance and the assessments, moving the
/// app's demo clock through June and July 2023. The closing report starts the certificate fan-out.
/// </summary>
internal static class CertificationProgramme
{
    /// <summary>The days of the training week (17–22 July 2023).</summary>
    public static readonly int TrainingDays = TangerangCase.End.DayNumber - TangerangCase.Start.DayNumber + 1;

    /// <summary>The programme's attendance threshold: a participant must attend 80% of the days.</summary>
    private const double AttendanceThreshold = 0.8;

    /// <summary>Whether <paramref name="participant"/> qualifies for a certificate under the programme's rules.</summary>
    public static bool Qualifies(DemoParticipant participant) =>
        participant.Passed && participant.DaysPresent >= AttendanceThreshold * TrainingDays;

    /// <summary>Sends every form up to the training week's last attendance and the assessments; answers the programme and the participants' ids by name.</summary>
    public static async Task<(string ProgrammeId, IReadOnlyDictionary<string, string> Ids, ProgrammeSteps Steps)> TrainAsync(DemoSession session, string caseKey, CancellationToken cancellationToken)
    {
        var mous = await DemoDirectory.RegisterAsync(session, cancellationToken);
        var steps = new ProgrammeSteps(session, caseKey);
        var participants = TangerangCase.Participants();
        const string facility = DemoDirectory.LppTangerang;
        const string letterNumber = "DEMO-02/IKMA.3/IND/VI/2023";

        await session.Clock.MoveToAsync(TangerangCase.StartsAt, cancellationToken);
        var letterId = await steps.LetterAsync(new
        {
            number = letterNumber,
            letterDate = "2023-06-26",
            issuerId = DemoDirectory.DgIkma,
            mouId = mous.Renewal,
            facilityIds = new[] { facility },
            coveredYear = 2023,
        }, DemoFile.Pdf("surat-tangerang-2023-crash.pdf", ["Surat Direktur Jenderal IKMA (contoh)", letterNumber]), cancellationToken);
        await steps.OpenAsync(new
        {
            title = TangerangCase.Title,
            facilityId = facility,
            partnerIds = new[] { DemoDirectory.Ditjenpas, DemoDirectory.Pimti, DemoDirectory.Ybi },
            probationOfficeId = DemoDirectory.BapasTangerang,
            mouId = mous.Renewal,
            year = 2023,
            attendanceThreshold = AttendanceThreshold,
            requirePassedAssessment = true,
        }, letterId, cancellationToken);
        await steps.PlanAsync(facility, new
        {
            startDate = ProgrammeSteps.Text(TangerangCase.Start),
            endDate = ProgrammeSteps.Text(TangerangCase.End),
            venue = "Aula Lapas Perempuan Kelas IIA Tangerang",
            tracks = TangerangCase.Tracks.Select(t => new { code = t.Code, name = t.Name, nameEnglish = t.English, quota = 30, trainers = new[] { "Instruktur Yayasan Batik Indonesia" } }).ToArray(),
        }, cancellationToken);

        await session.Clock.MoveToAsync(DemoClockClient.At(2023, 7, 3, 10), cancellationToken);
        var ids = await steps.EnrolAsync(facility, participants, cancellationToken);
        for (var day = 0; day < TrainingDays; day++)
        {
            var date = TangerangCase.Start.AddDays(day);
            await session.Clock.MoveToAsync(DemoClockClient.At(date, 15), cancellationToken);
            await steps.AttendanceAsync(facility, date, [.. participants.Where(p => p.DaysPresent > day).Select(p => ids[p.Name])], cancellationToken);
        }

        await steps.AssessmentsAsync(DemoDirectory.Ybi, [.. participants.Select(p => (object)new { participantId = ids[p.Name], passed = p.Passed, score = p.Score, remarks = p.Passed ? "Lulus uji praktik" : "Belum lulus uji praktik" })], cancellationToken);
        return (steps.ProgrammeId, ids, steps);
    }

    /// <summary>Sends the closing report on the last training day, which moves the programme to certification.</summary>
    public static Task CloseAsync(ProgrammeSteps steps, CancellationToken cancellationToken) =>
        steps.ClosingReportAsync(DemoDirectory.LppTangerang, new
        {
            closedOn = ProgrammeSteps.Text(TangerangCase.End),
            summary = "Bimtek diikuti 90 warga binaan dalam tiga kelas. Dua peserta hadir kurang dari 80% karena sakit; satu peserta belum lulus uji praktik.",
            recommendation = "Dilanjutkan dengan pendampingan pemasaran produk batik warga binaan.",
        }, cancellationToken);
}
