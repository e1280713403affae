using System.Globalization;

namespace IkmaWorkflow.DemoData.Cases;

/// <summary>
/// Tangerang 2023: Bimtek WUB IKM at the women's correctional institution (Lapas Perempuan) in Tangerang, 17–22 July
/// 2023, following the Industry–Law &amp; Human Rights MoU with Ditjenpas, PIMTI and YBI as partners. 90 participants in
/// three tracks of 30: batik cap/tulis and colouring, diversified batik cloth products, processed food.
/// </summary>
/// <remarks>
/// <para>
/// Illustrative where the article is silent: the letter number (marked DEMO), the dates of the letter and enrolment,
/// and who qualifies: two participants attend only the first three of six days (illness) and one fails the processed-food
/// assessment, so 87 of the 90 receive certificates.
/// </para>
/// <para>
/// Releases and follow-up, all illustrative: ten of the certified women are released, six on 17 August 2023, when the
/// Independence Day general remission (remisi umum) ends their sentence, and four on 18 December 2023 on parole (PB) or
/// conditional leave (CB). Lapas Perempuan Tangerang reports each release on its day, and Bapas Kelas I Tangerang, the
/// programme's probation office, answers the checkpoints at 1, 6 and 12 months, and at 24 months for the August
/// releases (due 17 August 2025, inside the demo's time; the December ones stay scheduled until December 2025): two
/// batik businesses and a processed-food one that grow and get registered, a path into a batik workshop, a catering
/// job lost again, contacts that decline or cannot be reached. The follow-up from August 2024 on falls inside
/// Cipinang's timeline, so it waits on the clock's agenda (<see cref="DemoClockClient.Schedule"/>) and runs as the
/// clock passes its dates.
/// </para>
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

    /// <summary>Release by the Independence Day general remission: 17 August 2023.</summary>
    public static readonly DateOnly RemissionRelease = new(2023, 8, 17);

    /// <summary>Release on parole or conditional leave: 18 December 2023.</summary>
    public static readonly DateOnly LaterRelease = new(2023, 12, 18);

    /// <summary>The follow-up rounds Bapas answers, by release date and checkpoint, in the order they fall due.</summary>
    public static readonly IReadOnlyList<(DateOnly Released, int Months)> FollowUpRounds =
    [
        (RemissionRelease, 1), (LaterRelease, 1), (RemissionRelease, 6), (LaterRelease, 6),
        (RemissionRelease, 12), (LaterRelease, 12), (RemissionRelease, 24),
    ];

    /// <summary>The checkpoints at which Bapas answers for at least one released inmate.</summary>
    public static readonly IReadOnlyList<int> FollowUpMonths = [1, 6, 12, 24];

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

    /// <summary>
    /// The ten released inmates, all certified: inmates 0, 5 (batik), 48, 53 (batik cloth products), 72 and 77
    /// (processed food), whose expected release in January or February 2024 the remission brings forward, and inmates
    /// 10, 34, 63 and 87, expected in March or April 2024.
    /// </summary>
    public static IReadOnlyList<(DemoParticipant Participant, DateOnly ReleaseDate, string Route)> Releases()
    {
        var all = Participants();
        return
        [
            (all[0], RemissionRelease, "EndOfSentence"), (all[5], RemissionRelease, "EndOfSentence"),
            (all[48], RemissionRelease, "EndOfSentence"), (all[53], RemissionRelease, "EndOfSentence"),
            (all[72], RemissionRelease, "EndOfSentence"), (all[77], RemissionRelease, "EndOfSentence"),
            (all[10], LaterRelease, "Parole"), (all[34], LaterRelease, "ConditionalLeave"),
            (all[63], LaterRelease, "Parole"), (all[87], LaterRelease, "ConditionalLeave"),
        ];
    }

    /// <summary>The outcome Bapas Tangerang reports for the <paramref name="index"/>-th released inmate (as <see cref="Releases"/> lists them) at <paramref name="months"/>.</summary>
    public static object Outcome(int index, int months) => (index, months) switch
    {
        // A home batik-stamping business that gets its business number (NIB) and grows.
        (0, 1) => Business("SelfEmployed", BatikCap, registered: false, "BelowOneMillion", market: true),
        (0, 6) => Business("SelfEmployed", BatikCap, registered: true, "OneToThreeMillion", market: true),
        (0, _) => Business("SelfEmployed", BatikCap, registered: true, "ThreeToFiveMillion", market: true),

        // Practises at home, then a full-time job in a batik workshop whose cloth she sells at the workshop's stall.
        (1, 1) => Reached("Unemployed", "None", skill: true, market: false),
        (1, 6) => Reached("EmployedFullTime", "OneToThreeMillion", skill: true, market: false),
        (1, _) => Reached("EmployedFullTime", "OneToThreeMillion", skill: true, market: true),

        // Bags and purses of batik cloth: first sales online at 6 months, registered at 12, declines to talk at 24.
        (2, 1) => Business("SelfEmployed", BatikGoods, registered: false, "BelowOneMillion", market: false),
        (2, 6) => Business("SelfEmployed", BatikGoods, registered: false, "BelowOneMillion", market: true),
        (2, 12) => Business("SelfEmployed", BatikGoods, registered: true, "OneToThreeMillion", market: true),
        (2, _) => new { contactOutcome = "Declined", reoffence = "No" },

        // Moved to her home village: unreachable, then reached without work, then declines, then unreachable.
        (3, 1) => new { contactOutcome = "Unreachable" },
        (3, 6) => Reached("Unemployed", "None", skill: false, market: false),
        (3, 12) => new { contactOutcome = "Declined", reoffence = "No" },
        (3, _) => new { contactOutcome = "Unreachable" },

        // Crisps and biscuits from her kitchen: registered at 6 months (home-industry food permit).
        (4, 1) => Business("SelfEmployed", Snacks, registered: false, "BelowOneMillion", market: true),
        (4, 24) => Business("SelfEmployed", Snacks, registered: true, "ThreeToFiveMillion", market: true),
        (4, _) => Business("SelfEmployed", Snacks, registered: true, "OneToThreeMillion", market: true),

        // A catering kitchen, part time then full time; laid off at 12 months; a shop job at 24.
        (5, 1) => Reached("EmployedPartTime", "BelowOneMillion", skill: true, market: false),
        (5, 6) => Reached("EmployedFullTime", "OneToThreeMillion", skill: true, market: false),
        (5, 12) => Reached("Unemployed", "None", skill: false, market: false),
        (5, _) => Reached("EmployedPartTime", "BelowOneMillion", skill: false, market: false),

        // Parole: batik for her family first, then hand-drawn batik to order.
        (6, 1) => Reached("Unemployed", "None", skill: true, market: false),
        (6, 6) => Business("SelfEmployed", BatikTulis, registered: false, "BelowOneMillion", market: true),
        (6, _) => Business("SelfEmployed", BatikTulis, registered: false, "OneToThreeMillion", market: true),

        // Conditional leave: declines at first, then sewing in a tailor's shop.
        (7, 1) => new { contactOutcome = "Declined", reoffence = "No" },
        (7, 6) => Reached("EmployedPartTime", "BelowOneMillion", skill: true, market: false),
        (7, _) => Reached("EmployedFullTime", "OneToThreeMillion", skill: true, market: false),

        // Parole: a small food stall; unreachable at 6 months while it was closed.
        (8, 1) => Business("SelfEmployed", FoodStall, registered: false, "BelowOneMillion", market: true),
        (8, 6) => new { contactOutcome = "Unreachable" },
        (8, _) => Business("SelfEmployed", FoodStall, registered: false, "OneToThreeMillion", market: true),

        // Conditional leave: no work, then caring for a sick parent, then unreachable.
        (9, 1) => Reached("Unemployed", "None", skill: false, market: false),
        (9, 6) => Reached("UnableToWork", "None", skill: false, market: false),
        _ => new { contactOutcome = "Unreachable" },
    };

    private const string BatikCap = "Batik cap rumahan";
    private const string BatikGoods = "Tas dan dompet kain batik";
    private const string BatikTulis = "Batik tulis pesanan";
    private const string Snacks = "Pangan olahan: keripik dan kue kering";
    private const string FoodStall = "Warung makanan olahan";

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

        var released = ScheduleFollowUp(session, steps, ids);
        return new CaseResult(Key, Title, steps.ProgrammeId, "Lapas Perempuan Kelas IIA Tangerang", letterId, letterNumber, Start, End,
            Tracks.ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal), participants, ids, documents, certificates, released, FollowUpMonths);
    }

    /// <summary>
    /// Puts the releases (reported by the facility at 10:00 WIB on their day) and Bapas's follow-up rounds on the
    /// clock's agenda; answers the released participants' ids in the order of <see cref="Releases"/>.
    /// </summary>
    private static List<string> ScheduleFollowUp(DemoSession session, ProgrammeSteps steps, IReadOnlyDictionary<string, string> ids)
    {
        const string bapas = DemoDirectory.BapasTangerang;
        var releases = Releases();
        var released = releases.Select(r => ids[r.Participant.Name]).ToList();
        foreach (var date in releases.Select(r => r.ReleaseDate).Distinct())
        {
            var at = DemoClockClient.At(date, 10);
            session.Clock.Schedule(at, async cancellationToken =>
            {
                session.Log.WriteLine($"Tangerang 2023, releases of {ProgrammeSteps.Text(date)} / pembebasan");
                await session.Clock.MoveToAsync(at, cancellationToken).ConfigureAwait(false);
                foreach (var (participant, releaseDate, route) in releases.Where(r => r.ReleaseDate == date))
                {
                    await steps.ReleaseAsync(DemoDirectory.LppTangerang, ids[participant.Name], releaseDate, route, cancellationToken).ConfigureAwait(false);
                }
            });
        }

        foreach (var (date, months) in FollowUpRounds)
        {
            var due = date.AddMonths(months);
            var indexes = Enumerable.Range(0, releases.Count).Where(i => releases[i].ReleaseDate == date).ToList();
            session.Clock.Schedule(DemoClockClient.At(due, 8, 30), async cancellationToken =>
            {
                session.Log.WriteLine($"Tangerang 2023, follow-up at {months} months of the releases of {ProgrammeSteps.Text(date)} / tindak lanjut {months} bulan");
                await steps.WaitForCheckpointAsync(bapas, months, due, [.. indexes.Select(i => released[i])], cancellationToken).ConfigureAwait(false);
                foreach (var i in indexes)
                {
                    await steps.OutcomeAsync(bapas, released[i], months, Outcome(i, months), cancellationToken).ConfigureAwait(false);
                }
            });
        }

        return released;
    }

    private static object Reached(string employment, string income, bool skill, bool market) =>
        new { contactOutcome = "Reached", employmentStatus = employment, businessStarted = false, incomeBand = income, practisingSkill = skill, marketAccess = market, reoffence = "No" };

    private static object Business(string employment, string sector, bool registered, string income, bool market) =>
        new { contactOutcome = "Reached", employmentStatus = employment, businessStarted = true, businessSector = sector, businessRegistered = registered, incomeBand = income, practisingSkill = true, marketAccess = market, reoffence = "No" };
}
