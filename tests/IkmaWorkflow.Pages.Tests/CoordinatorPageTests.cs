using System.Net;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// A coordinator of the ministry sees every programme overdue first, opens a certified programme's page (timeline,
/// attendance chart, photo thumbnail, certificates) and revokes a certificate; other organisations are refused the
/// coordinator's pages.
/// </summary>
public sealed class CoordinatorPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    public const string Coordinator = "koordinator@kemenperin.example.go.id";

    [Fact]
    public async Task Coordinator_SeesTheProgrammesTimeline_AndRevokesACertificate()
    {
        var waiting = await OpenedOnlyAsync();
        var (id, title, numbers) = await CertifiedAsync();

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, Coordinator);

        // Home: every programme, the one waiting for its letter for over a month first, said to be overdue.
        var first = page.Locator("table.programmes tbody tr").First;
        await Expect(first).ToContainTextAsync(waiting);
        await Expect(first).ToContainTextAsync("Terlambat");
        await Expect(page.Locator("table.programmes tbody tr", new() { HasText = title })).ToContainTextAsync(new Regex("Penerbitan sertifikat|Pemantauan setelah bebas"));
        await Screenshots.SaveAsync(page, "coordinator-home");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("table.programmes caption")).ToHaveTextAsync("Programmes, overdue first");
        await Expect(first).ToContainTextAsync("Overdue");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bahasa Indonesia" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");

        // The programme: its timeline in plain words, the attendance chart, the photo's thumbnail, the certificates.
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var timeline = page.Locator("ol.timeline:not(.history)");
        await Expect(timeline).ToContainTextAsync("Program dibuka; menunggu surat pelaksanaan kegiatan.");
        await Expect(timeline).ToContainTextAsync("Minggu pelatihan dimulai.");
        await Expect(timeline).ToContainTextAsync("Laporan penutupan diterima; sertifikat sedang diterbitkan.");
        await Expect(page.Locator("svg[role=img]")).ToHaveCountAsync(1);
        await Expect(page.Locator("figure.chart desc")).ToContainTextAsync(": 2");
        var thumbnail = page.GetByRole(AriaRole.Img, new() { Name = "Peserta kelas batik, hari pertama" });
        await Expect(thumbnail).ToBeVisibleAsync();
        await thumbnail.ScrollIntoViewIfNeededAsync(); // loaded lazily
        await Eventually.TrueAsync(async () => await thumbnail.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the photo's thumbnail did not load");
        var certificates = page.Locator("#certificates + .table");
        await Expect(certificates.Locator("tbody tr")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "coordinator-programme");

        // The PDF link answers the certificate as issued (stored sealed, opened on download): its recorded SHA-256.
        var pdfHref = await page.GetByRole(AriaRole.Link, new() { Name = $"Unduh PDF {numbers[0]}" }).GetAttributeAsync("href");
        var pdf = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), pdfHref).ToString());
        Assert.Equal(200, pdf.Status);
        Assert.Equal(await CertificateShaAsync(id, numbers[0]), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await pdf.BodyAsync())));

        // Revoke the first: the confirm page asks for a reason (the domain's rule) and stores nothing without one.
        var number = numbers[0];
        await page.GetByRole(AriaRole.Link, new() { Name = $"Cabut atau terbitkan ulang {number}" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cabut sertifikat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Cabut sertifikat {number}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, cabut sertifikat ini" }).ClickAsync();
        await Expect(page.Locator("#f-reason-error")).ToContainTextAsync("Wajib diisi.");
        Assert.Equal("Valid", await CertificateStatusAsync(id, number));

        await page.GetByLabel("Alasan").FillAsync("Diterbitkan untuk peserta yang salah <b>kelas</b>");
        await Screenshots.SaveAsync(page, "coordinator-revoke");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, cabut sertifikat ini" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sertifikat dicabut.");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"/api/pages/programmes/{id}?saved=revoked")));
        await Expect(certificates.Locator("tbody tr", new() { HasText = number })).ToContainTextAsync("Dicabut");
        Assert.Equal("Revoked", await CertificateStatusAsync(id, number));

        // The revoked certificate's page shows the reason as text, and offers nothing more.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Lihat {number}" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Diterbitkan untuk peserta yang salah <b>kelas</b>");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1); // sign out only
        await page.Context.CloseAsync();

        // The facility's officer sees the programme, but not the coordinator's certificate forms or the photo's file.
        var officer = await fixture.NewPageAsync();
        await fixture.SignInAsync(officer, PagesFixture.CipinangOfficer);
        var revoke = await officer.GotoAsync(fixture.Url($"api/pages/programmes/{id}/certificates/{numbers[1]}/revoke"));
        Assert.Equal((int)HttpStatusCode.Forbidden, revoke!.Status);
        await Expect(officer.GetByRole(AriaRole.Alert)).ToContainTextAsync("koordinator");
        var documentId = await DocumentIdAsync(id);
        var file = await officer.GotoAsync(fixture.Url($"api/pages/programmes/{id}/documents/{documentId}/file"));
        Assert.Equal((int)HttpStatusCode.Forbidden, file!.Status);
        Assert.Equal("Valid", await CertificateStatusAsync(id, numbers[1]));
        await officer.Context.CloseAsync();
    }

    // A programme opened and left waiting for its activity letter: overdue once the clock is a week on.
    private async Task<string> OpenedOnlyAsync()
    {
        using var ministry = fixture.As("dg-ikma");
        var title = "Bimtek WUB Tenun Cipinang (menunggu surat)";
        var (opened, _) = await ministry.PostJsonAsync("api/programmes", new { title, facilityId = "lapas-cipinang", year = fixture.Host.Clock.GetUtcNow().Year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return title;
    }

    // A programme taken through its week (two participants present every day, a photo, assessed, closed) with its
    // certificates issued.
    private async Task<(string Id, string Title, string[] Numbers)> CertifiedAsync()
    {
        var (id, title, start) = await TestProgrammes.PlannedAsync(fixture, title: "Bimtek WUB Batik Nusantara 2024");
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var (enrolled, participants) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", "type,track,fullName\nOfficer,batik,Siti Rahmawati\nOfficer,batik,Dewi Sartika\n");
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(5).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        var ids = participants!["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
        for (var day = 0; day < 5; day++)
        {
            var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{id}/attendance", new { date = TestProgrammes.Text(start.AddDays(day)), present = ids });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }

        var (uploaded, _) = await facility.PostMultipartAsync($"api/programmes/{id}/documents", new { kind = "Photo", description = "Peserta kelas batik, hari pertama", identifiableFaces = false }, Png(), "hari-1.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var (assessed, _) = await facility.PostJsonAsync($"api/programmes/{id}/assessments", new { results = ids.Select(participantId => new { participantId, passed = true, score = 85 }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        var (report, _) = await facility.PostJsonAsync($"api/programmes/{id}/closing-report", new { closedOn = TestProgrammes.Text(start.AddDays(5)), summary = "Lima hari, semua hadir." });
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);

        // The certificates as the orchestration's activity issues them (the same issuer; issuing is idempotent), without
        // waiting for the orchestration to wake on the moved clock.
        var issuer = fixture.Host.App.Services.GetRequiredService<CertificateIssuer>();
        var numbers = new List<string>();
        foreach (var participantId in ids)
        {
            numbers.Add((await issuer.IssueAsync(id, participantId, CancellationToken.None)).Number);
        }

        return (id, title, [.. numbers]);
    }

    private async Task<string> CertificateShaAsync(string id, string number)
    {
        using var ministry = fixture.As("dg-ikma");
        var list = (await ministry.GetJsonAsync($"api/programmes/{id}/certificates"))!.AsArray();
        return list.Single(c => c!["number"]!.GetValue<string>() == number)!["sha256"]!.GetValue<string>();
    }

    private async Task<string> CertificateStatusAsync(string id, string number)
    {
        using var ministry = fixture.As("dg-ikma");
        var list = (await ministry.GetJsonAsync($"api/programmes/{id}/certificates"))!.AsArray();
        return list.Single(c => c!["number"]!.GetValue<string>() == number)!["status"]!.GetValue<string>();
    }

    private async Task<string> DocumentIdAsync(string id)
    {
        using var ministry = fixture.As("dg-ikma");
        return (await ministry.GetJsonAsync($"api/programmes/{id}/documents"))!.AsArray()[0]!["id"]!.GetValue<string>();
    }

    // A 2×2 PNG.
    private static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");
}
