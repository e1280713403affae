using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The partner forms of the second part of issue 10, each sent from its page by the person whose organisation sends
/// it, with the domain's message shown next to the field (what was typed kept, nothing stored) and then stored:
/// assessments (the trainer), the plan and the closing of enrolment (the facility), MoU and activity letter with their
/// documents (the coordinator), release reports (the facility).
/// </summary>
public sealed class PartnerFormTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    public const string Coordinator = "koordinator@kemenperin.example.go.id";

    [Fact]
    public async Task Trainer_SubmitsAssessments_BadScoreShownThenStored()
    {
        var (id, title, _, _) = await TestProgrammes.InTrainingAsync(fixture);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.FoundationPartner);
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Penilaian", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Penilaian");
        await Expect(page.Locator("table.results tbody tr")).ToHaveCountAsync(3);

        // The rows follow the participants list's order; the third row is left empty and so not sent.
        await page.Locator("#f-results-0--passed").SelectOptionAsync("true");
        await page.Locator("#f-results-0--score").FillAsync("120");
        await page.Locator("#f-results-1--passed").SelectOptionAsync("false");
        await page.Locator("#f-results-1--score").FillAsync("60");
        await page.Locator("#f-results-1--remarks").FillAsync("Motif belum rapi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();

        // The domain's message stands under the first row's score, what was typed is kept, nothing is stored.
        await Expect(page.Locator("#f-results-0--score-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-results-0--score")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#f-results-0--score")).ToHaveValueAsync("120");
        await Expect(page.Locator("#f-results-1--remarks")).ToHaveValueAsync("Motif belum rapi");
        await Expect(page.Locator("#f-results-2--score-error")).ToHaveCountAsync(0);
        Assert.Equal((0, 0), await AssessedAsync(id));

        await page.Locator("#f-results-0--score").FillAsync("85");
        await Screenshots.SaveAsync(page, "assessments");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 2 peserta tersimpan.");
        Assert.Equal((2, 1), await AssessedAsync(id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FacilityOfficer_PlansTheProgrammeAndClosesEnrolment()
    {
        var (id, title, start) = await WithLetterAsync();
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Rencana program" }).ClickAsync();

        // The last day before the first: the domain's message under the field, what was typed kept, nothing stored.
        await page.GetByLabel("Hari pertama pelatihan").FillAsync(TestProgrammes.Text(start));
        await page.GetByLabel("Hari terakhir pelatihan").FillAsync(TestProgrammes.Text(start.AddDays(-2)));
        await page.GetByLabel("Tempat").FillAsync("Balai Latihan Kerja <Lapas> Cipinang");
        await page.Locator("#f-tracks-0--code").FillAsync("batik");
        await page.Locator("#f-tracks-0--name").FillAsync("Batik tulis");
        await page.Locator("#f-tracks-0--nameEnglish").FillAsync("Hand-drawn batik");
        await page.Locator("#f-tracks-0--quota").FillAsync("30");
        await page.Locator("#f-tracks-0--trainers").FillAsync("Sari Mitra; Instruktur YBI");
        await page.Locator("#f-tracks-2--code").FillAsync("jahit");
        await page.Locator("#f-tracks-2--name").FillAsync("Menjahit");
        await page.Locator("#f-tracks-2--nameEnglish").FillAsync("Sewing");
        await page.Locator("#f-tracks-2--quota").FillAsync("sepuluh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim rencana program" }).ClickAsync();

        await Expect(page.Locator("#f-endDate-error")).ToContainTextAsync("Tidak boleh sebelum");
        await Expect(page.Locator("#f-tracks-2--quota-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-tracks-0--trainers")).ToHaveValueAsync("Sari Mitra; Instruktur YBI");
        await Expect(page.GetByLabel("Tempat")).ToHaveValueAsync("Balai Latihan Kerja <Lapas> Cipinang");
        Assert.Equal("AwaitingPlan", (await ProgrammeAsync(id))["stage"]!.GetValue<string>());

        await page.GetByLabel("Hari terakhir pelatihan").FillAsync(TestProgrammes.Text(start.AddDays(4)));
        await page.Locator("#f-tracks-2--quota").FillAsync("10");
        await Screenshots.SaveAsync(page, "plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim rencana program" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rencana program tersimpan");
        var planned = await ProgrammeAsync(id);
        Assert.Equal("Enrolling", planned["stage"]!.GetValue<string>());
        Assert.Equal("Balai Latihan Kerja <Lapas> Cipinang", planned["venue"]!.GetValue<string>());
        var tracks = planned["tracks"]!.AsArray();
        Assert.Equal(["batik", "jahit"], tracks.Select(t => t!["code"]!.GetValue<string>()));
        Assert.Equal("Sari Mitra; Instruktur YBI", tracks[0]!["trainers"]!.GetValue<string>());

        // Closing enrolment with nobody enrolled: the domain's refusal; then with one participant, scheduled.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tutup pendaftaran" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tutup pendaftaran" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Belum ada peserta terdaftar");
        using var facility = fixture.As("lapas-cipinang");
        var (enrolled, _) = await facility.PostJsonAsync($"api/programmes/{id}/participants", new { type = "Officer", track = "batik", fullName = "Siti Rahmawati" });
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tutup pendaftaran" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Pendaftaran ditutup");
        Assert.Equal("Scheduled", (await ProgrammeAsync(id))["stage"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Coordinator_RegistersMouAndLetterWithDocuments_AndAttachesTheLetter()
    {
        var year = fixture.Host.Clock.GetUtcNow().AddHours(7).Year;
        var (id, _) = await OpenedAsync(year);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Coordinator);

        // The MoU: a missing title named under its field, the document kept out, nothing stored; then stored with it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nota kesepahaman (MoU)" }).ClickAsync();
        var number = $"MoU-{Guid.NewGuid():N}"[..16];
        await page.GetByLabel("Nomor MoU").FillAsync(number);
        await page.GetByLabel("Direktorat Jenderal Industri Kecil, Menengah dan Aneka").CheckAsync();
        await page.GetByLabel("Yayasan Batik Indonesia").CheckAsync();
        await page.GetByLabel("Tanggal penandatanganan").FillAsync($"{year}-01-10");
        await page.GetByLabel("Berlaku mulai").FillAsync($"{year}-01-10");
        await page.GetByLabel("Berlaku sampai").FillAsync($"{year + 4}-01-09");
        await page.GetByLabel("Ruang lingkup").FillAsync("Pelatihan batik bagi warga binaan");
        await page.GetByLabel("Dokumen MoU yang ditandatangani").SetInputFilesAsync(Pdf("mou.pdf"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan MoU" }).ClickAsync();
        await Expect(page.Locator("#f-title-error")).ToContainTextAsync("Wajib diisi.");
        await Expect(page.GetByLabel("Yayasan Batik Indonesia")).ToBeCheckedAsync();
        Assert.DoesNotContain(await ListAsync("api/mous"), m => m!["number"]!.GetValue<string>() == number);

        await page.GetByLabel("Judul").FillAsync("Kerja sama pelatihan batik");
        await page.GetByLabel("Dokumen MoU yang ditandatangani").SetInputFilesAsync(Pdf("mou.pdf"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan MoU" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("MoU tersimpan.");
        var mou = Assert.Single(await ListAsync("api/mous"), m => m!["number"]!.GetValue<string>() == number)!;
        Assert.NotNull(mou["documentSha256"]?.GetValue<string>());

        // The activity letter, from the programme's page: registered with its document, then attached.
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Surat pelaksanaan kegiatan" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Daftarkan surat baru dengan dokumennya" }).ClickAsync();
        var letterNumber = $"B-{Random.Shared.Next(1000, 9999)}/IKMA.3/IND/VII/{year} & \"lampiran\"";
        await page.GetByLabel("Nomor surat").FillAsync(letterNumber);
        await page.GetByLabel("Tanggal surat").FillAsync($"{year}-07-15");
        await page.GetByLabel("Penerbit").SelectOptionAsync("dg-ikma");
        await page.GetByLabel("Berdasarkan MoU").SelectOptionAsync(mou["id"]!.GetValue<string>());
        await page.GetByLabel("Lapas Kelas I Cipinang").CheckAsync();
        await page.GetByLabel("Dokumen surat").SetInputFilesAsync(Pdf("surat.pdf"));
        await Screenshots.SaveAsync(page, "letter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan surat" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/api/pages/programmes/{id}/letter\\?saved=letter&number="));
        var letter = Assert.Single(await ListAsync("api/letters"), l => l!["rawNumber"]!.GetValue<string>() == letterNumber)!;
        Assert.NotNull(letter["documentSha256"]?.GetValue<string>());
        await Expect(page.GetByLabel("Surat", new() { Exact = true })).ToHaveValueAsync(letter["id"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Lampirkan surat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Surat pelaksanaan kegiatan terlampir");
        var programme = await ProgrammeAsync(id);
        Assert.Equal("AwaitingPlan", programme["stage"]!.GetValue<string>());
        Assert.Equal(letter["id"]!.GetValue<string>(), programme["letterId"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FacilityOfficer_ReportsARelease_BeforeTheTrainingRefusedThenScheduled()
    {
        var (id, title, start, participants) = await TestProgrammes.InTrainingAsync(fixture);
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(6).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        var inmate = participants[0];
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Laporan pembebasan" }).ClickAsync();

        await page.GetByLabel("Warga binaan").SelectOptionAsync(inmate);
        await page.GetByLabel("Tanggal bebas").FillAsync(TestProgrammes.Text(start.AddDays(-1)));
        await page.GetByLabel("Jalur pembebasan").SelectOptionAsync("Parole");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan pembebasan" }).ClickAsync();
        await Expect(page.Locator("#f-releaseDate-error")).ToContainTextAsync("sebelum pelatihan dimulai");
        await Expect(page.GetByLabel("Jalur pembebasan")).ToHaveValueAsync("Parole");
        Assert.Empty(await CheckpointsAsync(id, inmate));

        await page.GetByLabel("Tanggal bebas").FillAsync(TestProgrammes.Text(start.AddDays(6)));
        await Screenshots.SaveAsync(page, "release");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan pembebasan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Laporan pembebasan tersimpan");
        Assert.NotEmpty(await CheckpointsAsync(id, inmate));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PartnerAndOtherFacility_OpenTheNewForms_ForbiddenAndNotFoundPages()
    {
        var (id, title, start) = await WithLetterAsync();

        // The partner may see the programme but not plan it: the domain's 403, as a page, and nothing stored.
        var partner = await fixture.NewPageAsync();
        await fixture.SignInAsync(partner, PagesFixture.FoundationPartner);
        await partner.GotoAsync(fixture.Url($"api/pages/programmes/{id}/plan?lang=en"));
        await Expect(partner.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Programme plan");
        await partner.GotoAsync(fixture.Url($"api/pages/programmes/{id}/plan?lang=id"));
        await partner.GetByLabel("Hari pertama pelatihan").FillAsync(TestProgrammes.Text(start));
        await partner.GetByLabel("Hari terakhir pelatihan").FillAsync(TestProgrammes.Text(start.AddDays(4)));
        await partner.Locator("#f-tracks-0--code").FillAsync("batik");
        await partner.Locator("#f-tracks-0--name").FillAsync("Batik tulis");
        await partner.Locator("#f-tracks-0--nameEnglish").FillAsync("Hand-drawn batik");
        await partner.Locator("#f-tracks-0--quota").FillAsync("20");
        var response = await partner.RunAndWaitForResponseAsync(
            () => partner.GetByRole(AriaRole.Button, new() { Name = "Kirim rencana program" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(403, response.Status);
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tidak diizinkan untuk organisasi Anda");
        Assert.Equal("AwaitingPlan", (await ProgrammeAsync(id))["stage"]!.GetValue<string>());
        await partner.Context.CloseAsync();

        // Another facility's officer: the same 404 page as for a programme that does not exist, never a stack.
        var other = await fixture.NewPageAsync();
        await fixture.SignInAsync(other, PagesFixture.TangerangOfficer);
        foreach (var part in new[] { "assessments", "plan", "enrolment/close", "letter", "release" })
        {
            var answer = await other.GotoAsync(fixture.Url($"api/pages/programmes/{id}/{part}"));
            Assert.Equal(404, answer!.Status);
            await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Program tidak ditemukan");
            await Expect(other.Locator("body")).Not.ToContainTextAsync(title);
            await Expect(other.Locator("body")).Not.ToContainTextAsync(new Regex("Exception|   at "));
        }

        await other.Context.CloseAsync();
    }

    /// <summary>A programme opened by the ministry at Cipinang, waiting for its activity letter.</summary>
    private async Task<(string Id, string Title)> OpenedAsync(int year)
    {
        using var ministry = fixture.As("dg-ikma");
        var title = $"Bimtek WUB Batik {Guid.NewGuid():N}"[..24];
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title, facilityId = "lapas-cipinang", partnerIds = new[] { "ybi" }, probationOfficeId = "bapas-jakarta-timur", year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (programme!["id"]!.GetValue<string>(), title);
    }

    /// <summary>A programme with its activity letter attached, waiting for its plan; its week may start 30 days on.</summary>
    private async Task<(string Id, string Title, DateOnly Start)> WithLetterAsync()
    {
        var start = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().AddHours(7).DateTime).AddDays(30);
        var year = start.Year;
        var (id, title) = await OpenedAsync(year);
        using var ministry = fixture.As("dg-ikma");
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{Random.Shared.Next(1000)}/IKMA.3/IND/VII/{year}", letterDate = $"{year}-07-15", issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = year });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{id}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        return (id, title, start);
    }

    private static FilePayload Pdf(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4 signed document\n%%EOF\n") };

    private async Task<JsonNode> ProgrammeAsync(string id)
    {
        using var ministry = fixture.As("dg-ikma");
        return (await ministry.GetJsonAsync($"api/programmes/{id}"))!;
    }

    private async Task<JsonArray> ListAsync(string path)
    {
        using var ministry = fixture.As("dg-ikma");
        return (await ministry.GetJsonAsync(path))!.AsArray();
    }

    private async Task<(int Assessed, int Passed)> AssessedAsync(string id)
    {
        using var ministry = fixture.As("dg-ikma");
        var track = (await ministry.GetJsonAsync($"api/programmes/{id}/report"))!["tracks"]![0]!;
        return (track["assessed"]!.GetValue<int>(), track["passed"]!.GetValue<int>());
    }

    private async Task<List<JsonNode>> CheckpointsAsync(string id, string participant)
    {
        using var ministry = fixture.As("dg-ikma");
        return [.. (await ministry.GetJsonAsync($"api/programmes/{id}/follow-ups"))!.AsArray().Where(c => c!["participantId"]!.GetValue<string>() == participant).Select(c => c!)];
    }
}
