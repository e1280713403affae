using System.Text;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The facility officer's path through the pages in a real browser: sign in by the emailed link, enrol by CSV,
/// record a day's attendance, upload a photo; and the refusals on the way.
/// </summary>
public sealed class FacilityOfficerTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private const string Csv = """
        type,track,fullName,expectedReleaseMonth,contactConsent,contact
        Officer,batik,"Siti Rahmawati, S.Sos.",,tidak,
        Inmate,batik,Budi Santoso,2025-02,ya,0812-0000-0001
        Inmate,batik,<script>alert('x')</script> Agus,2025-06,tidak,
        """;

    [Fact]
    public async Task FacilityOfficer_SignsInByLink_EnrolsByCsvRecordsAttendanceAndUploadsAPhoto()
    {
        // The one programme of its app, named as the README's screenshots show it.
        var (id, title, start) = await TestProgrammes.PlannedAsync(fixture, title: "Bimtek Wirausaha Baru IKM Batik Lapas Cipinang 2024");
        var page = await fixture.NewPageAsync();

        // Not signed in: the home page sends the browser to sign in.
        await page.GotoAsync(fixture.Url("api/pages"));
        await Expect(page).ToHaveURLAsync(new Regex("/api/pages/sign-in$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        await Screenshots.SaveAsync(page, "sign-in");
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer, onSignInPage: true);

        // Home: the programme with its stage and what it waits for.
        var card = page.Locator(".card", new() { HasText = title });
        await Expect(card).ToContainTextAsync("Pendaftaran peserta");
        await Expect(card).ToContainTextAsync("pendaftaran peserta, lalu penutupan pendaftaran");
        await Screenshots.SaveAsync(page, "home");

        // Enrolment by CSV, with the template downloaded first.
        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Peserta dan pendaftaran" }).ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Unduh templat CSV" }).ClickAsync());
        var template = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal([0xEF, 0xBB, 0xBF], template[..3]);
        Assert.StartsWith("type,track,fullName,expectedReleaseMonth,contactConsent,contact\r\nInmate,batik,", Encoding.UTF8.GetString(template[3..]), StringComparison.Ordinal);
        await page.GetByLabel("Berkas CSV", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "peserta.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Unggah dan daftarkan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Semua baris berkas CSV sudah didaftarkan.");
        var rows = page.Locator("table tbody tr");
        await Expect(rows).ToHaveCountAsync(3);

        // A name with markup is shown as the text it is, never run.
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "<script>alert('x')</script> Agus" })).ToBeVisibleAsync();
        Assert.Equal(3, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await Screenshots.SaveAsync(page, "participants");

        // A month later the training week starts: the session ended after 8 idle hours, so the officer signs in
        // again and comes back to the first day's checklist.
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(start.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/attendance"));
        await Expect(page).ToHaveURLAsync(new Regex("/api/pages/sign-in\\?next="));
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer, onSignInPage: true);
        await Expect(page).ToHaveURLAsync(new Regex($"/api/pages/programmes/{id}/attendance$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First).ToContainTextAsync(WibDay(start));
        await page.GetByLabel("Budi Santoso").CheckAsync();
        await page.GetByLabel("Siti Rahmawati, S.Sos.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan kehadiran" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kehadiran tersimpan.");
        await Expect(page.Locator("main")).ToContainTextAsync("Tercatat: 2 hadir, 1 tidak hadir.");
        using (var ministry = fixture.As("dg-ikma"))
        {
            var days = (await ministry.GetJsonAsync($"api/programmes/{id}/attendance"))!.AsArray();
            Assert.Equal(2, Assert.Single(days)!["present"]!.AsArray().Count);
        }

        await Screenshots.SaveAsync(page, "attendance");

        // Documentation: a photo, uploaded with the progress bar's script.
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/documents"));
        await page.GetByLabel("Jenis dokumen").SelectOptionAsync("Photo");
        await page.GetByLabel("Keterangan").FillAsync("Peserta kelas batik cap, hari pertama");
        await page.GetByLabel("Tidak", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Berkas", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "hari-1.png", MimeType = "image/png", Buffer = Png() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Unggah", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dokumen tersimpan.");
        // Photos are listed to coordinators only (docs/security.md), so the facility's list does not show it; theirs does.
        await Expect(page.GetByText("hari-1.png")).ToHaveCountAsync(0);
        using (var ministry = fixture.As("dg-ikma"))
        {
            var documents = (await ministry.GetJsonAsync($"api/programmes/{id}/documents"))!.AsArray();
            Assert.Equal("Photo", Assert.Single(documents)!["kind"]!.GetValue<string>());
        }

        await Screenshots.SaveAsync(page, "documents");
        await page.Context.CloseAsync();
    }

    private static string WibDay(DateOnly day) => $"{day.Day} {new[] { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember" }[day.Month - 1]} {day.Year}";

    // A 2×2 PNG: a real image the browser uploads as a photo.
    private static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");
}
