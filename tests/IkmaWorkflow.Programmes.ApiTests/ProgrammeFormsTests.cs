using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>A programme driven through the forms only, from MoU to attendance, with the refusals along the way.</summary>
public sealed class ProgrammeFormsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string CipinangCsv = """
        type,track,fullName,expectedReleaseMonth,contactConsent,contact
        Officer,batik,"Siti Rahmawati, S.Sos.",,no,
        Inmate,batik,Budi Santoso,2025-02,ya,0812-0000-0001
        Inmate,batik,Agus Wijaya,2025-06,tidak,
        """;

    [Fact]
    public async Task Programme_ThroughForms_ReachesTrainingWithRecordsAndDocuments()
    {
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var mouPdf = Encoding.ASCII.GetBytes("%PDF-1.4 signed MoU");

        var (mou, mouBody) = await ministry.PostMultipartAsync("api/mous", new
        {
            number = "KB.01/M-IND/2024",
            title = "Pembinaan kemandirian warga binaan",
            partyIds = new[] { "dg-ikma", "ditjenpas", "ybi" },
            signedOn = "2024-02-01",
            validFrom = "2024-02-01",
            validUntil = "2029-01-31",
            scope = "Bimbingan teknis wirausaha baru IKM bagi warga binaan",
        }, mouPdf, "mou.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.Created, mou.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(mouPdf)), mouBody!["documentSha256"]!.GetValue<string>());

        var (letter, letterBody) = await ministry.PostJsonAsync("api/letters", new
        {
            number = "B-535/IKMA.3/IND/VII/2024",
            letterDate = "2024-07-15",
            issuerId = "dg-ikma",
            mouId = mouBody["id"]!.GetValue<string>(),
            facilityIds = new[] { "lapas-cipinang" },
            coveredYear = 2024,
        });
        Assert.Equal(HttpStatusCode.Created, letter.StatusCode);
        var number = letterBody!["number"]!;
        Assert.Equal(("B", 535, "IKMA.3", "IND", 7, 2024), (number["classification"]!.GetValue<string>(), number["serial"]!.GetValue<int>(), number["unit"]!.GetValue<string>(), number["ministryCode"]!.GetValue<string>(), number["month"]!.GetValue<int>(), number["year"]!.GetValue<int>()));

        var programmeId = await OpenAsync(ministry);
        var early = await facility.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", CipinangCsv);
        Assert.Equal(HttpStatusCode.Conflict, early.Response.StatusCode);
        Assert.Equal("AwaitingActivityLetter", early.Body!["stage"]!.GetValue<string>());
        Assert.Contains("surat pelaksanaan kegiatan", early.Body["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (attached, attachedBody) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letterBody["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal("AwaitingPlan", attachedBody!["stage"]!.GetValue<string>());

        var (start, end) = TrainingWeek();
        var (planned, plannedBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/plan", new
        {
            startDate = start,
            endDate = end,
            venue = "Balai Latihan Kerja (BLK) Lapas Cipinang",
            tracks = new[] { new { code = "batik", name = "Batik cap dan tulis", nameEnglish = "Stamped and hand-drawn batik", quota = 25, trainers = new[] { "Instruktur YBI" } } },
        });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        Assert.Equal("Enrolling", plannedBody!["stage"]!.GetValue<string>());

        var (enrolled, enrolledBody) = await facility.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", CipinangCsv);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var participants = enrolledBody!["participants"]!.AsArray();
        Assert.Equal(["Siti Rahmawati, S.Sos.", "Budi Santoso", "Agus Wijaya"], participants.Select(p => p!["fullName"]!.GetValue<string>()).ToArray());
        Assert.All(participants, p => Assert.Matches("^p-[2-9a-z]{10}$", p!["id"]!.GetValue<string>()));
        Assert.Equal("2028-02-01", participants[1]!["retentionUntil"]!.GetValue<string>());

        using var foundation = fixture.As("ybi");
        var seenByFoundation = await foundation.GetAsync($"api/programmes/{programmeId}/participants");
        Assert.Equal(HttpStatusCode.NotFound, seenByFoundation.StatusCode);
        var namesForFacility = (await facility.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray();
        Assert.Equal(3, namesForFacility.Count(p => p!["fullName"] is not null));

        var (closed, closedBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("Scheduled", closedBody!["stage"]!.GetValue<string>());

        var ids = participants.Select(p => p!["id"]!.GetValue<string>()).ToArray();
        var beforeWeek = await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = start, present = ids });
        Assert.Equal(HttpStatusCode.Conflict, beforeWeek.Response.StatusCode);

        fixture.Host.Clock.SetUtcNow(DateOnly.Parse(start, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc));
        var (attendance, attendanceBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = start, present = ids[..2] });
        Assert.Equal(HttpStatusCode.OK, attendance.StatusCode);
        Assert.Equal([ids[2]], attendanceBody!["absent"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray());
        var tomorrow = await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = end, present = ids });
        Assert.Equal(HttpStatusCode.BadRequest, tomorrow.Response.StatusCode);
        Assert.Contains("cannot be recorded before the day", tomorrow.Body!["errors"]!["date"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var photo = IkmaWorkflow.Testing.TestFiles.Jpeg(withGpsExif: false);
        var (uploaded, uploadedBody) = await foundation.PostMultipartAsync($"api/programmes/{programmeId}/documents", new { kind = "Photo", description = "Pembukaan", identifiableFaces = false }, photo, "../../opening.jpg", "image/jpeg");
        Assert.Equal(HttpStatusCode.NotFound, uploaded.StatusCode);
        (uploaded, uploadedBody) = await facility.PostMultipartAsync($"api/programmes/{programmeId}/documents", new { kind = "Photo", description = "Pembukaan", identifiableFaces = true }, photo, "../../opening.jpg", "image/jpeg");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(("opening.jpg", "PersonalData", (long)photo.Length), (uploadedBody!["fileName"]!.GetValue<string>(), uploadedBody["retention"]!.GetValue<string>(), uploadedBody["size"]!.GetValue<long>()));

        var view = await ministry.GetJsonAsync($"api/programmes/{programmeId}");
        Assert.Equal("InTraining", view!["stage"]!.GetValue<string>());
        Assert.Equal(3, view["tracks"]![0]!["enrolled"]!.GetValue<int>());

        var (badResults, badResultsBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/assessments", new { results = new object[] { new { participantId = "p-nobody0000", passed = true }, new { participantId = ids[0], passed = "yes", score = 101 } } });
        Assert.Equal(HttpStatusCode.BadRequest, badResults.StatusCode);
        Assert.Equal(["results[0].participantId", "results[1].passed", "results[1].score"], badResultsBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        var (results, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/assessments", new { results = ids.Select((id, i) => new { participantId = id, passed = i < 2, score = i < 2 ? 85 : 40 }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, results.StatusCode);

        var closingReport = new { closedOn = end, summary = "Pelatihan batik selesai; tiga peserta lulus penilaian.", recommendation = "Dilanjutkan tahun depan." };
        var (tooEarly, tooEarlyBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/closing-report", closingReport);
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal("InTraining", tooEarlyBody!["stage"]!.GetValue<string>());

        fixture.Host.Clock.SetUtcNow(DateOnly.Parse(end, CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(3, 0), DateTimeKind.Utc));
        for (var day = DateOnly.Parse(start, CultureInfo.InvariantCulture).AddDays(1); day <= DateOnly.Parse(end, CultureInfo.InvariantCulture); day = day.AddDays(1))
        {
            var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), present = ids });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }

        var (closing, closingBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/closing-report", closingReport);
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);
        Assert.Equal("Certifying", closingBody!["stage"]!.GetValue<string>());
        var (again, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/closing-report", closingReport with { summary = "Versi kedua." });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // The orchestration issues the certificates of the two who passed (the third failed the assessment) and
        // moves the programme to follow-up.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode? certified;
        while ((certified = await ministry.GetJsonAsync($"api/programmes/{programmeId}"))!["stage"]!.GetValue<string>() != "FollowUp")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The programme did not reach FollowUp within 60 s: {certified!.ToJsonString()}");
            await Task.Delay(250);
        }

        var certificates = (await ministry.GetJsonAsync($"api/programmes/{programmeId}/certificates"))!.AsArray();
        Assert.Equal(ids[..2].Order(StringComparer.Ordinal), certificates.Select(c => c!["participantId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(certificates, c => Assert.Equal("Valid", c!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EnrolCsv_BadRows_NamesEachCellAndEnrolsNobody()
    {
        using var ministry = fixture.As("dg-ikma");
        var programmeId = await PlannedProgrammeAsync(ministry, quota: 1);
        const string csv = """
            type;track;fullName;expectedReleaseMonth
            Inmate;batik;Dewi;2025-13
            Visitor;tenun;Eko;
            Officer;batik;Fajar;2025-01
            """;

        var (response, body) = await ministry.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = body!["errors"]!.AsObject().Select(e => e.Key).ToArray();
        Assert.Equal(["participants[0].expectedReleaseMonth", "participants[1].type", "participants[1].track", "participants[2].expectedReleaseMonth", "participants"], fields);
        var list = (await ministry.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray();
        Assert.Empty(list);
    }

    [Fact]
    public async Task Enrol_NameTheCertificateCannotPrint_NamesTheCharacterAndEnrolsNobody()
    {
        using var ministry = fixture.As("dg-ikma");
        var programmeId = await PlannedProgrammeAsync(ministry, quota: 5);
        const string csv = """
            type,track,fullName
            Officer,batik,Ni Luh Putu Ayu Đặng
            Officer,batik,Lim 林 Swie
            """;

        var (single, singleBody) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Lim 林 Swie" });
        var (many, manyBody) = await ministry.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", csv);

        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        var error = Assert.Single(singleBody!["errors"]!.AsObject());
        Assert.Equal("fullName", error.Key);
        Assert.Contains("'林' (U+6797) cannot be printed on a certificate", error.Value![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("tidak dapat dicetak pada sertifikat", singleBody["indonesianErrors"]!["fullName"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Equal(["participants[1].fullName"], manyBody!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty((await ministry.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray());
    }

    [Fact]
    public async Task Enrol_SameSubmissionTwice_StoresOnceAndAnswersTheSame()
    {
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var programmeId = await PlannedProgrammeAsync(ministry, quota: 5);
        var participant = new { type = "Inmate", track = "batik", fullName = "Hendra", expectedReleaseMonth = "2025-03" };

        var first = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", participant, idempotencyKey: "enrol-hendra");
        var second = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", participant, idempotencyKey: "enrol-hendra");
        var withoutKey1 = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Indra" });
        var withoutKey2 = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Indra" });
        var reused = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Joko" }, idempotencyKey: "enrol-hendra");

        Assert.Equal(HttpStatusCode.Created, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.Response.StatusCode);
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal("true", second.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(withoutKey1.Body!.ToJsonString(), withoutKey2.Body!.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Response.StatusCode);
        var list = (await ministry.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray();
        Assert.Equal(["Hendra", "Indra"], list.Select(p => p!["fullName"]!.GetValue<string>()).Order().ToArray());
    }

    [Fact]
    public async Task Enrol_OverQuota_Refused()
    {
        using var ministry = fixture.As("dg-ikma");
        var programmeId = await PlannedProgrammeAsync(ministry, quota: 1);
        await ministry.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Kartika" });

        var (response, body) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Officer", track = "batik", fullName = "Lestari" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("takes 1 participants; this would make 2", body!["errors"]!["participants"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MalformedJson_Answers400WithPosition()
    {
        using var ministry = fixture.As("dg-ikma");
        using var content = new StringContent("{\"title\": ", Encoding.UTF8, "application/json");

        var response = await ministry.PostAsync("api/programmes", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:unreadable-body", body!["type"]!.GetValue<string>());
        Assert.Contains("not valid JSON", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private (string Start, string End) TrainingWeek()
    {
        var today = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().UtcDateTime);
        var start = today.AddDays(30);
        return (start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.AddDays(4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private async Task<string> OpenAsync(HttpClient ministry)
    {
        var (start, _) = TrainingWeek();
        var (opened, body) = await ministry.PostJsonAsync("api/programmes", new
        {
            // Without an idempotency key the body is the key, so each programme of these tests gets its own title.
            title = $"Bimtek Wirausaha Baru IKM Batik {Guid.NewGuid():N}",
            facilityId = "lapas-cipinang",
            partnerIds = new[] { "ditjenpas" },
            probationOfficeId = "bapas-jakarta-timur",
            year = int.Parse(start[..4], CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal("AwaitingActivityLetter", body!["stage"]!.GetValue<string>());
        return body["id"]!.GetValue<string>();
    }

    private async Task<string> PlannedProgrammeAsync(HttpClient ministry, int quota)
    {
        var programmeId = await OpenAsync(ministry);
        var (start, end) = TrainingWeek();
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(1000)}/IKMA.3/IND/VII/{start[..4]}", letterDate = start, issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = int.Parse(start[..4], CultureInfo.InvariantCulture) });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var (planned, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/plan", new { startDate = start, endDate = end, tracks = new[] { new { code = "batik", name = "Batik", nameEnglish = "Batik", quota } } });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        return programmeId;
    }
}
