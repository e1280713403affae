using System.Globalization;

namespace IkmaWorkflow.DemoData.Cases;

/// <summary>
/// Tangerang 2023: Bimtek WUB IKM at the women's correctional institution (Lapas Perempuan) in Tangerang, 17–22 July
/// 2023, following the Industry–Law &amp; Human Rights MoU with Ditjenpas, PIMTI and YBI as partners. 90 participants in
/// three tracks of 30: batik cap/tulis and colouring, diversified batik cloth products, processed food.
/// </summary>
/// <remarks>
/// Illustrative where the article is silent: the letter number (marked DEMO), the dates of the letter and enrolment,
/// and who qualifies: two participants attend only the first three of six days (illness) and one fails the processed-food
/// assessment, so 87 of the 90 receive certificates. Releases are not reported in this case; Cipinang shows follow-up.
/// </remarks>
public static class TangerangCase
{
    /// <summary>The case's key.</summary>
    public const string Key = "tangerang-2023";

    /// <summary>The programme's title: printed on certificates, so it names neither the facility nor its city.</summary>
    public const string Title = "Bimtek Wirausaha Baru IKM Batik dan Pangan Olahan 2023 (demo)";

    /// <summary>When the case's first form is sent: 26 June 2023, 09:00 WIB.</summary>
    public static readonly DateTimeOffset StartsAt = DemoClockClient.At(2023, 6, 26, 9);

    /// <summary>First training day.</summary>
    public static readonly DateOnly Start = new(2023, 7, 17);

    /// <summary>Last training day.</summary>
    public static readonly DateOnly End = new(2023, 7, 22);

    /// <summary>The three tracks: code, Indonesian name, English name.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string English)> Tracks =
    [
        ("batik-cap-tulis", "Batik Cap/Tulis dan Teknik Pewarnaan", "Stamped and Hand-Drawn Batik and Colouring"),
        ("diversifikasi-batik", "Diversifikasi Produk Kain Batik", "Diversified Batik Cloth Products"),
        ("pangan-olahan", "Pangan Olahan", "Processed Food"),
    ];

    /// <summary>The 90 participants: 30 per track, all inmates, fictional names.</summary>
    public static IReadOnlyList<DemoParticipant> Participants()
    {
        var names = FictionalNames.Generate(90, seed: 3, FictionalNames.Women);
        return [.. names.Select((name, i) =>
        {
            var release = new DateOnly(2024, 1, 1).AddMonths(i * 5 % 24);
            var daysPresent = i is 11 or 46 ? 3 : 6;
            var passed = i != 74;
            var score = passed ? 70 + (i * 7 % 26) : 55;
            return new DemoParticipant(name, "Inmate", Tracks[i / 30].Code, release.ToString("yyyy-MM", CultureInfo.InvariantCulture), daysPresent, score, passed);
        })];
    }

    /// <summary>Loads the case through the forms, moving the demo clock through June and July 2023.</summary>
    public static async Task<CaseResult> RunAsync(DemoSession session, DemoMous mous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(mous);
        session.Log.WriteLine($"Case Tangerang 2023 / Kasus Tangerang 2023: {Title}");
        var steps = new ProgrammeSteps(session, Key);
        var participants = Participants();
        const string facility = DemoDirectory.LppTangerang;
        const string letterNumber = "DEMO-01/IKMA.3/IND/VI/2023";

        await session.Clock.MoveToAsync(StartsAt, cancellationToken).ConfigureAwait(false);
        var letterId = await steps.LetterAsync(new
        {
            number = letterNumber,
            letterDate = "2023-06-26",
            issuerId = DemoDirectory.DgIkma,
            mouId = mous.Renewal,
            facilityIds = new[] { facility },
            coveredYear = 2023,
        }, DemoFile.Pdf("surat-tangerang-2023-demo.pdf", ["Surat Direktur Jenderal IKMA (contoh)", letterNumber, "Pelaksanaan Bimtek Wirausaha Baru IKM di Lapas Perempuan Tangerang, 17-22 Juli 2023"]), cancellationToken).ConfigureAwait(false);
        await steps.OpenAsync(new
        {
            title = Title,
            facilityId = facility,
            partnerIds = new[] { DemoDirectory.Ditjenpas, DemoDirectory.Pimti, DemoDirectory.Ybi },
            probationOfficeId = DemoDirectory.BapasTangerang,
            mouId = mous.Renewal,
            year = 2023,
            attendanceThreshold = 0.8,
            requirePassedAssessment = true,
        }, letterId, cancellationToken).ConfigureAwait(false);
        await steps.PlanAsync(facility, new
        {
            startDate = ProgrammeSteps.Text(Start),
            endDate = ProgrammeSteps.Text(End),
            venue = "Aula Lapas Perempuan Kelas IIA Tangerang",
            tracks = Tracks.Select(t => new { code = t.Code, name = t.Name, nameEnglish = t.English, quota = 30, trainers = new[] { t.Code == "pangan-olahan" ? "Instruktur Pangan Olahan Ditjen IKMA" : "Instruktur Yayasan Batik Indonesia" } }).ToArray(),
        }, cancellationToken).ConfigureAwait(false);

        await session.Clock.MoveToAsync(DemoClockClient.At(2023, 7, 3, 10), cancellationToken).ConfigureAwait(false);
        var ids = await steps.EnrolAsync(facility, participants, cancellationToken).ConfigureAwait(false);

        var documents = new List<DemoFile>();
        var days = End.DayNumber - Start.DayNumber + 1;
        for (var day = 0; day < days; day++)
        {
            var date = Start.AddDays(day);
            await session.Clock.MoveToAsync(DemoClockClient.At(date, 15), cancellationToken).ConfigureAwait(false);
            await steps.AttendanceAsync(facility, date, [.. participants.Where(p => p.DaysPresent > day).Select(p => ids[p.Name])], cancellationToken).ConfigureAwait(false);
            if (day == 0)
            {
                var photo = DemoFile.StripedPng("pembukaan-tangerang-2023.png", seed: 1);
                await steps.DocumentAsync(DemoDirectory.Ybi, "Photo", "Pembukaan bimtek: kain batik peserta (contoh, tanpa wajah) / opening: participants' batik cloth (demo, no faces)", photo, cancellationToken).ConfigureAwait(false);
                documents.Add(photo);
            }
        }

        await steps.AssessmentsAsync(DemoDirectory.Ybi, [.. participants.Select(p => (object)new { participantId = ids[p.Name], passed = p.Passed, score = p.Score, remarks = p.Passed ? "Lulus uji praktik" : "Belum lulus uji praktik" })], cancellationToken).ConfigureAwait(false);
        var report = DemoFile.Pdf("laporan-tangerang-2023-demo.pdf", ["Laporan Pelaksanaan Bimtek WUB IKM (contoh)", "Lapas Perempuan Tangerang, 17-22 Juli 2023", "90 peserta, 3 kelas x 30", "Bersama Ditjenpas, PIMTI dan YBI"]);
        var sheet = DemoFile.Csv("daftar-hadir-tangerang-2023-demo.csv", "DEMO;contoh daftar hadir\n" + string.Concat(participants.Select(p => $"{ids[p.Name]};{p.Track};{p.DaysPresent} dari {days} hari\n")));
        await steps.DocumentAsync(facility, "Report", "Laporan pelaksanaan (contoh) / implementation report (demo)", report, cancellationToken).ConfigureAwait(false);
        await steps.DocumentAsync(facility, "AttendanceSheet", "Rekap daftar hadir (contoh) / attendance summary (demo)", sheet, cancellationToken).ConfigureAwait(false);
        documents.AddRange([report, sheet]);
        await steps.ClosingReportAsync(facility, new
        {
            closedOn = ProgrammeSteps.Text(End),
            summary = "Bimtek diikuti 90 warga binaan dalam tiga kelas (batik cap/tulis dan pewarnaan, diversifikasi produk kain batik, pangan olahan). Dua peserta hadir kurang dari 80% karena sakit; satu peserta belum lulus uji praktik.",
            recommendation = "Dilanjutkan dengan pendampingan pemasaran produk batik warga binaan.",
        }, cancellationToken).ConfigureAwait(false);
        var certificates = await steps.WaitForCertificatesAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);

        return new CaseResult(Key, Title, steps.ProgrammeId, "Lapas Perempuan Kelas IIA Tangerang", letterId, letterNumber, Start, End,
            Tracks.ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal), participants, ids, documents, certificates, [], []);
    }
}
