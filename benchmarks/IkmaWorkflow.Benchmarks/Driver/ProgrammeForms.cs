using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>
/// The forms that bring a programme to its enrolments, sent as the partners send them through the demo-data command's
/// <see cref="ProgrammeSteps"/>: Tangerang 2023's facility, partners, tracks and training week.
/// </summary>
internal static class ProgrammeForms
{
    /// <summary>The facility whose programmes the benchmark runs.</summary>
    public const string Facility = DemoDirectory.LppTangerang;

    private static readonly string[] Trainers = ["Instruktur (benchmark)"];

    /// <summary>When the benchmark's app clock starts: an hour before Tangerang's first form.</summary>
    public static readonly DateTimeOffset ClockStart = TangerangCase.StartsAt.AddHours(-1);

    /// <summary>Registers the activity letter covering <see cref="Facility"/> in 2023 (coordinators); answers its id.</summary>
    public static Task<string> LetterAsync(ProgrammeSteps steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        const string number = "BENCH-01/IKMA.3/IND/VI/2023";
        return steps.LetterAsync(
            new { number, letterDate = "2023-06-26", issuerId = DemoDirectory.DgIkma, facilityIds = new[] { Facility }, coveredYear = 2023 },
            DemoFile.Pdf("surat-benchmark-2023.pdf", ["Surat pelaksanaan kegiatan (benchmark)", number]),
            cancellationToken);
    }

    /// <summary>Opens a programme titled <paramref name="title"/>, attaches <paramref name="letterId"/> and sends Tangerang's plan: three tracks of 33 places, 17–22 July 2023.</summary>
    public static async Task OpenAndPlanAsync(ProgrammeSteps steps, DemoMous mous, string letterId, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(mous);
        await steps.OpenAsync(new
        {
            title,
            facilityId = Facility,
            partnerIds = new[] { DemoDirectory.Ditjenpas, DemoDirectory.Pimti, DemoDirectory.Ybi },
            probationOfficeId = DemoDirectory.BapasTangerang,
            mouId = mous.Renewal,
            year = 2023,
            attendanceThreshold = 0.8,
            requirePassedAssessment = true,
        }, letterId, cancellationToken);
        await steps.PlanAsync(Facility, new
        {
            startDate = ProgrammeSteps.Text(TangerangCase.Start),
            endDate = ProgrammeSteps.Text(TangerangCase.End),
            venue = "Aula pelatihan (benchmark)",
            tracks = TangerangCase.Tracks.Select(t => new { code = t.Code, name = t.Name, nameEnglish = t.English, quota = 33, trainers = Trainers }).ToArray(),
        }, cancellationToken);
    }
}
