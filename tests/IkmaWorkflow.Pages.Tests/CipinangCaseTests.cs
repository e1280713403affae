using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The Cipinang 2024 case (docs/demo-and-end-to-end.md) driven through the pages, each form by the person whose
/// organisation sends it: the coordinator registers the activity letter B-535/IKMA.3/IND/VII/2024 with its document and
/// attaches it; the facility plans 3–7 September 2024, enrols one officer and 25 inmates by CSV and closes enrolment;
/// on the last day it records the five days' attendance; YBI's trainer assesses (the officer and two inmates pass);
/// the facility sends the closing report; the orchestration issues the three certificates, which the programme page
/// then shows.
/// </summary>
public sealed class CipinangCaseTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private const string Title = "Bimtek Wirausaha Baru IKM Batik 2024 (demo)";
    private static readonly DateOnly Start = new(2024, 9, 3);

    [Fact]
    public async Task CipinangCase_FromActivityLetterToCertificates_ThroughThePages()
    {
        using var ministry = fixture.As("dg-ikma");
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = Title, facilityId = "lapas-cipinang", partnerIds = new[] { "ditjenpas", "ybi" }, probationOfficeId = "bapas-jakarta-timur", year = 2024 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = programme!["id"]!.GetValue<string>();

        // 1 August 2024, the coordinator: the activity letter with its document, attached to the programme.
        var coordinator = await fixture.NewPageAsync();
        await fixture.SignInAsync(coordinator, PartnerFormTests.Coordinator);
        await coordinator.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Surat pelaksanaan kegiatan" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Link, new() { Name = "Daftarkan surat baru dengan dokumennya" }).ClickAsync();
        await coordinator.GetByLabel("Nomor surat").FillAsync("B-535/IKMA.3/IND/VII/2024");
        await coordinator.GetByLabel("Tanggal surat").FillAsync("2024-07-15");
        await coordinator.GetByLabel("Penerbit").SelectOptionAsync("dg-ikma");
        await coordinator.GetByLabel("Lapas Kelas I Cipinang").CheckAsync();
        await coordinator.GetByLabel("Dokumen surat").SetInputFilesAsync(new FilePayload { Name = "B-535.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4 B-535/IKMA.3/IND/VII/2024\n%%EOF\n") });
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Daftarkan surat" }).ClickAsync();
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Lampirkan surat" }).ClickAsync();
        await Expect(coordinator.GetByRole(AriaRole.Status)).ToContainTextAsync("Surat pelaksanaan kegiatan terlampir");
        await coordinator.Context.CloseAsync();

        // The facility: the plan, 26 participants by CSV, enrolment closed.
        var facility = await fixture.NewPageAsync();
        await fixture.SignInAsync(facility, PagesFixture.CipinangOfficer);
        await facility.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await facility.GetByRole(AriaRole.Link, new() { Name = "Rencana program" }).ClickAsync();
        await facility.GetByLabel("Hari pertama pelatihan").FillAsync("2024-09-03");
        await facility.GetByLabel("Hari terakhir pelatihan").FillAsync("2024-09-07");
        await facility.GetByLabel("Tempat").FillAsync("Balai Latihan Kerja (BLK) Lapas Kelas I Cipinang");
        await facility.Locator("#f-tracks-0--code").FillAsync("batik");
        await facility.Locator("#f-tracks-0--name").FillAsync("Batik tulis");
        await facility.Locator("#f-tracks-0--nameEnglish").FillAsync("Hand-drawn batik");
        await facility.Locator("#f-tracks-0--quota").FillAsync("26");
        await facility.Locator("#f-tracks-0--trainers").FillAsync("Instruktur Yayasan Batik Indonesia");
        await facility.GetByRole(AriaRole.Button, new() { Name = "Kirim rencana program" }).ClickAsync();
        await Expect(facility.GetByRole(AriaRole.Status)).ToContainTextAsync("Rencana program tersimpan");

        await facility.GetByRole(AriaRole.Link, new() { Name = "Peserta dan pendaftaran" }).ClickAsync();
        await facility.GetByLabel("Berkas CSV", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "peserta.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Cohort()) });
        await facility.GetByRole(AriaRole.Button, new() { Name = "Unggah dan daftarkan" }).ClickAsync();
        await Expect(facility.GetByRole(AriaRole.Status)).ToContainTextAsync("Semua baris berkas CSV sudah didaftarkan.");
        await facility.GotoAsync(fixture.Url($"api/pages/programmes/{id}"));
        await facility.GetByRole(AriaRole.Link, new() { Name = "Tutup pendaftaran" }).ClickAsync();
        await facility.GetByRole(AriaRole.Button, new() { Name = "Tutup pendaftaran" }).ClickAsync();
        await Expect(facility.GetByRole(AriaRole.Status)).ToContainTextAsync("Pendaftaran ditutup");
        await facility.Context.CloseAsync();

        // Saturday 7 September 2024, 10:00 WIB: the five days' attendance, everyone present.
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(2024, 9, 7, 3, 0, 0, TimeSpan.Zero));
        facility = await fixture.NewPageAsync();
        await fixture.SignInAsync(facility, PagesFixture.CipinangOfficer);
        for (var day = 0; day < 5; day++)
        {
            await facility.GotoAsync(fixture.Url($"api/pages/programmes/{id}/attendance?date={TestProgrammes.Text(Start.AddDays(day))}"));
            await facility.GetByRole(AriaRole.Button, new() { Name = "Centang semua" }).ClickAsync();
            await facility.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();
            await Expect(facility.Locator("main")).ToContainTextAsync("Tercatat: 26 hadir, 0 tidak hadir.");
        }

        // YBI's trainer: the final practical assessment; the officer and two inmates pass (score 75 or more).
        var trainer = await fixture.NewPageAsync();
        await fixture.SignInAsync(trainer, PagesFixture.FoundationPartner);
        await trainer.GotoAsync(fixture.Url($"api/pages/programmes/{id}"));
        await trainer.GetByRole(AriaRole.Link, new() { Name = "Penilaian", Exact = true }).ClickAsync();
        var rows = trainer.Locator("table.results tbody tr");
        await Expect(rows).ToHaveCountAsync(26);
        var inmatesPassed = 0;
        for (var row = 0; row < 26; row++)
        {
            var officer = (await rows.Nth(row).Locator("th").InnerTextAsync()).Contains("Petugas", StringComparison.Ordinal);
            var passed = officer || inmatesPassed++ < 2;
            await trainer.Locator($"#f-results-{row}--passed").SelectOptionAsync(passed ? "true" : "false");
            await trainer.Locator($"#f-results-{row}--score").FillAsync(passed ? (officer ? "86" : "80") : (50 + row).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await trainer.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(trainer.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 26 peserta tersimpan.");
        await trainer.Context.CloseAsync();

        // The facility's closing report; the orchestration then issues the certificates.
        await facility.GotoAsync(fixture.Url($"api/pages/programmes/{id}"));
        await facility.GetByRole(AriaRole.Link, new() { Name = "Laporan penutupan" }).ClickAsync();
        await facility.GetByLabel("Ringkasan kegiatan").FillAsync("Pelatihan batik tulis lima hari di BLK; semua peserta hadir lima hari; tiga karya memenuhi standar YBI.");
        await facility.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan penutupan" }).ClickAsync();
        await Expect(facility.GetByRole(AriaRole.Status)).ToContainTextAsync("Laporan penutupan tersimpan");

        var valid = facility.Locator("table tbody tr", new() { HasText = "Berlaku" });
        await Eventually.TrueAsync(
            async () =>
            {
                await facility.ReloadAsync();
                return await valid.CountAsync() == 3;
            },
            "the programme page shows 3 valid certificates",
            within: TimeSpan.FromMinutes(3));
        await Expect(facility.Locator("main")).ToContainTextAsync("Lintang Sidoluhur");
        await Screenshots.SaveAsync(facility, "programme-certificates");
        await facility.Context.CloseAsync();
    }

    // One officer and 25 inmates, as the case's cohort; the inmates' release months in 2024–2025.
    private static string Cohort()
    {
        var csv = new StringBuilder("type,track,fullName,expectedReleaseMonth\nOfficer,batik,Lintang Sidoluhur,\n");
        string[] given = ["Agus", "Bambang", "Cahyo", "Dimas", "Eko"];
        string[] family = ["Santoso", "Wibowo", "Saputra", "Hidayat", "Nugroho"];
        for (var i = 0; i < 25; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Inmate,batik,{given[i % 5]} {family[i / 5]},{new DateOnly(2024, 10, 1).AddMonths(i % 12):yyyy-MM}\n");
        }

        return csv.ToString();
    }
}
