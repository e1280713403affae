using System.Globalization;

namespace IkmaWorkflow.DemoData.Cases;

/// <summary>
/// Cipinang 2024: Bimtek WUB IKM Batik at Lapas Kelas I Cipinang (Jakarta), 3–7 September 2024 in the facility's
/// job-training hall (BLK), closed on Saturday 7 September 2024 at 10:00 WIB, under activity letter
/// B-535/IKMA.3/IND/VII/2024. 25 inmates and one officer took part; certificates went to three: one officer and two
/// inmates. Then releases, and follow-up by the probation office at 1, 6 and 12 months.
/// </summary>
/// <remarks>
/// Why only three qualify (illustrative; the press report says only who received certificates): everyone attended
/// all five days, but the certificate needs a passed final practical assessment by the YBI trainers: a finished piece
/// of hand-drawn batik meeting the foundation's standard (score 75 or more). Three pieces met it. The other 23 inmates
/// scored 50–72 and go on in the facility's own batik workshop. Four inmates (the two certified and two others) are
/// released on 1 October 2024 and followed up by Bapas Jakarta Timur. From 21 October 2024 corrections sits under the
/// new Ministry of Immigration and Corrections: the case registers Ditjenpas's successor organisation then.
/// </remarks>
public static class CipinangCase
{
    /// <summary>The case's key.</summary>
    public const string Key = "cipinang-2024";

    /// <summary>The programme's title: printed on certificates, so it names neither the facility nor its city.</summary>
    public const string Title = "Bimtek Wirausaha Baru IKM Batik 2024 (demo)";

    /// <summary>The activity letter's number.</summary>
    public const string LetterNumber = "B-535/IKMA.3/IND/VII/2024";

    /// <summary>The batik track's code.</summary>
    public const string Track = "batik";

    /// <summary>When the case's first form is sent: 15 July 2024, 09:00 WIB.</summary>
    public static readonly DateTimeOffset StartsAt = DemoClockClient.At(2024, 7, 15, 9);

    /// <summary>First training day.</summary>
    public static readonly DateOnly Start = new(2024, 9, 3);

    /// <summary>Last training day, the closing.</summary>
    public static readonly DateOnly End = new(2024, 9, 7);

    /// <summary>The release date of the four inmates followed up.</summary>
    public static readonly DateOnly ReleaseDate = new(2024, 10, 1);

    private static readonly string[] Trainers = ["Instruktur Yayasan Batik Indonesia"];

    /// <summary>The checkpoints the case reports.</summary>
    public static readonly IReadOnlyList<int> FollowUpMonths = [1, 6, 12];

    /// <summary>The cohort: one officer, then 25 inmates; the officer and inmates 3 and 11 pass the assessment.</summary>
    public static IReadOnlyList<DemoParticipant> Participants()
    {
        var inmates = FictionalNames.Generate(25, seed: 5, FictionalNames.Men);
        var officer = new DemoParticipant("Lintang Sidoluhur", "Officer", Track, string.Empty, 5, 86, true);
        return [officer, .. inmates.Select((name, i) =>
        {
            var passed = i is 2 or 10;
            var release = i < 4 || passed ? "2024-10" : new DateOnly(2025, 1, 1).AddMonths(i % 12).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            return new DemoParticipant(name, "Inmate", Track, release, 5, passed ? 78 + i : 50 + (i % 23), passed);
        })];
    }

    /// <summary>The inmates whose release is reported: the two certified and two others.</summary>
    public static IReadOnlyList<(DemoParticipant Participant, string Route)> Releases()
    {
        var inmates = Participants().Where(p => p.Type == "Inmate").ToList();
        return [(inmates[2], "Parole"), (inmates[10], "EndOfSentence"), (inmates[0], "ConditionalLeave"), (inmates[1], "Parole")];
    }

    /// <summary>The outcome Bapas reports for the <paramref name="index"/>-th released inmate at <paramref name="months"/>.</summary>
    public static object Outcome(int index, int months) => (index, months) switch
    {
        (0, 1) => Reached("SelfEmployed", business: true, registered: false, "BelowOneMillion", skill: true, market: true),
        (0, 6) => Reached("SelfEmployed", business: true, registered: true, "OneToThreeMillion", skill: true, market: true),
        (0, _) => Reached("SelfEmployed", business: true, registered: true, "ThreeToFiveMillion", skill: true, market: true),
        (1, 1) => Reached("Unemployed", business: false, registered: false, "None", skill: true, market: false),
        (1, 6) => Reached("EmployedPartTime", business: false, registered: false, "BelowOneMillion", skill: true, market: false),
        (1, _) => Reached("EmployedFullTime", business: false, registered: false, "OneToThreeMillion", skill: true, market: true),
        (2, 1) => Reached("EmployedPartTime", business: false, registered: false, "BelowOneMillion", skill: false, market: false),
        (2, 6) => new { contactOutcome = "Unreachable" },
        (2, _) => new { contactOutcome = "Declined", reoffence = "No" },
        (_, 1) => new { contactOutcome = "Unreachable" },
        (_, 6) => Reached("Unemployed", business: false, registered: false, "None", skill: false, market: false),
        _ => Reached("EmployedFullTime", business: false, registered: false, "OneToThreeMillion", skill: false, market: false, reoffence: "Unknown"),
    };

    /// <summary>Loads the case through the forms, moving the demo clock from July 2024 to October 2025.</summary>
    public static async Task<CaseResult> RunAsync(DemoSession session, DemoMous mous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(mous);
        session.Log.WriteLine($"Case Cipinang 2024 / Kasus Cipinang 2024: {Title}");
        var steps = new ProgrammeSteps(session, Key);
        var participants = Participants();
        const string facility = DemoDirectory.LapasCipinang;
        const string bapas = DemoDirectory.BapasJakartaTimur;

        await session.Clock.MoveToAsync(StartsAt, cancellationToken).ConfigureAwait(false);
        var letterId = await steps.LetterAsync(new
        {
            number = LetterNumber,
            letterDate = "2024-07-15",
            issuerId = DemoDirectory.DgIkma,
            mouId = mous.Renewal,
            facilityIds = new[] { facility },
            coveredYear = 2024,
        }, DemoFile.Pdf("surat-b-535-2024-demo.pdf", ["Surat Direktur Jenderal IKMA (contoh isi)", LetterNumber, "Pelaksanaan kegiatan pembinaan di Lapas sepanjang tahun 2024"]), cancellationToken).ConfigureAwait(false);
        await steps.OpenAsync(new
        {
            title = Title,
            facilityId = facility,
            partnerIds = new[] { DemoDirectory.Ditjenpas, DemoDirectory.Ybi },
            probationOfficeId = bapas,
            mouId = mous.Renewal,
            year = 2024,
            attendanceThreshold = 0.8,
            requirePassedAssessment = true,
        }, letterId, cancellationToken).ConfigureAwait(false);
        await steps.PlanAsync(facility, new
        {
            startDate = ProgrammeSteps.Text(Start),
            endDate = ProgrammeSteps.Text(End),
            venue = "Balai Latihan Kerja (BLK) Lapas Kelas I Cipinang",
            tracks = new[] { new { code = Track, name = "Batik Tulis dan Cap", nameEnglish = "Hand-Drawn and Stamped Batik", quota = 30, trainers = Trainers } },
        }, cancellationToken).ConfigureAwait(false);

        await session.Clock.MoveToAsync(DemoClockClient.At(2024, 8, 19, 10), cancellationToken).ConfigureAwait(false);
        var ids = await steps.EnrolAsync(facility, participants, cancellationToken).ConfigureAwait(false);

        var documents = new List<DemoFile>();
        for (var date = Start; date <= End; date = date.AddDays(1))
        {
            await session.Clock.MoveToAsync(DemoClockClient.At(date, 9), cancellationToken).ConfigureAwait(false);
            await steps.AttendanceAsync(facility, date, [.. participants.Select(p => ids[p.Name])], cancellationToken).ConfigureAwait(false);
            if (date == Start)
            {
                var photo = DemoFile.StripedPng("karya-batik-cipinang-2024.png", seed: 2);
                await steps.DocumentAsync(DemoDirectory.Ybi, "Photo", "Karya batik tulis peserta (contoh, tanpa wajah) / participants' hand-drawn batik (demo, no faces)", photo, cancellationToken).ConfigureAwait(false);
                documents.Add(photo);
            }
        }

        await steps.AssessmentsAsync(DemoDirectory.Ybi, [.. participants.Select(p => (object)new
        {
            participantId = ids[p.Name],
            passed = p.Passed,
            score = p.Score,
            remarks = p.Passed ? "Karya akhir memenuhi standar YBI" : "Karya akhir belum memenuhi standar YBI (nilai lulus 75)",
        })], cancellationToken).ConfigureAwait(false);
        var report = DemoFile.Pdf("dokumentasi-cipinang-2024-demo.pdf", ["Dokumentasi Bimtek WUB IKM Batik (contoh)", "BLK Lapas Kelas I Cipinang, 3-7 September 2024", "Penutupan Sabtu 7 September 2024 pukul 10.00 WIB", "Bahan evaluasi untuk keberlanjutan program"]);
        var sheet = DemoFile.Csv("daftar-hadir-cipinang-2024-demo.csv", "DEMO;contoh daftar hadir\n" + string.Concat(participants.Select(p => $"{ids[p.Name]};{p.Type};5 dari 5 hari\n")));
        await steps.DocumentAsync(facility, "Report", "Dokumentasi kegiatan untuk evaluasi keberlanjutan (contoh) / documentation for evaluating continuation (demo)", report, cancellationToken).ConfigureAwait(false);
        await steps.DocumentAsync(facility, "AttendanceSheet", "Rekap daftar hadir (contoh) / attendance summary (demo)", sheet, cancellationToken).ConfigureAwait(false);
        documents.AddRange([report, sheet]);

        await session.Clock.MoveToAsync(DemoClockClient.At(End, 10), cancellationToken).ConfigureAwait(false);
        await steps.ClosingReportAsync(facility, new
        {
            closedOn = ProgrammeSteps.Text(End),
            summary = "Penutupan di BLK Lapas pada Sabtu 7 September 2024 pukul 10.00 WIB. 25 warga binaan dan satu petugas mengikuti seluruh lima hari; tiga karya akhir (satu petugas, dua warga binaan) memenuhi standar YBI dan menerima sertifikat.",
            recommendation = "Kegiatan membatik dilanjutkan di bengkel kerja Lapas; dokumentasi menjadi bahan evaluasi keberlanjutan.",
        }, cancellationToken).ConfigureAwait(false);
        var certificates = await steps.WaitForCertificatesAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);

        await session.Clock.MoveToAsync(DemoClockClient.At(ReleaseDate, 9), cancellationToken).ConfigureAwait(false);
        var releases = Releases();
        foreach (var (participant, route) in releases)
        {
            await steps.ReleaseAsync(facility, ids[participant.Name], ReleaseDate, route, cancellationToken).ConfigureAwait(false);
        }

        await session.Clock.MoveToAsync(DemoClockClient.At(2024, 10, 21, 9), cancellationToken).ConfigureAwait(false);
        await DemoDirectory.RegisterOrganisationAsync(session, DemoDirectory.DitjenpasImipas, new
        {
            id = DemoDirectory.DitjenpasImipas,
            name = "Direktorat Jenderal Pemasyarakatan (Kementerian Imigrasi dan Pemasyarakatan)",
            kind = "CorrectionsUnit",
            predecessorId = DemoDirectory.Ditjenpas,
        }, cancellationToken).ConfigureAwait(false);

        var released = releases.Select(r => ids[r.Participant.Name]).ToList();
        foreach (var months in FollowUpMonths)
        {
            await steps.WaitForCheckpointAsync(bapas, months, ReleaseDate.AddMonths(months), released, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < released.Count; i++)
            {
                await steps.OutcomeAsync(bapas, released[i], months, Outcome(i, months), cancellationToken).ConfigureAwait(false);
            }
        }

        return new CaseResult(Key, Title, steps.ProgrammeId, "Lapas Kelas I Cipinang", letterId, LetterNumber, Start, End,
            new Dictionary<string, string>(StringComparer.Ordinal) { [Track] = "Batik Tulis dan Cap" }, participants, ids, documents, certificates, released, FollowUpMonths);
    }

    private static object Reached(string employment, bool business, bool registered, string income, bool skill, bool market, string reoffence = "No") => business
        ? new { contactOutcome = "Reached", employmentStatus = employment, businessStarted = true, businessSector = "Batik tulis rumahan", businessRegistered = registered, incomeBand = income, practisingSkill = skill, marketAccess = market, reoffence }
        : new { contactOutcome = "Reached", employmentStatus = employment, businessStarted = false, incomeBand = income, practisingSkill = skill, marketAccess = market, reoffence };
}
