using System.Net;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The facility closes the training week (attendance recorded) with its closing report, after the domain has asked for
/// the assessments.
/// </summary>
public sealed class ClosingReportPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task FacilityOfficer_SendsTheClosingReport_RefusedWithoutAssessmentsThenCertifying()
    {
        var (id, title, start) = await TestProgrammes.PlannedAsync(fixture);
        using var facility = fixture.As("lapas-cipinang");
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

        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Laporan penutupan" }).ClickAsync();
        await Expect(page.GetByLabel("Tanggal penutupan")).ToHaveValueAsync(TestProgrammes.Text(start.AddDays(5)));
        await page.GetByLabel("Ringkasan kegiatan").FillAsync("Pelatihan batik cap berjalan lima hari; semua peserta hadir.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan penutupan" }).ClickAsync();

        // The domain's rule: no certificates without assessments; nothing is stored and what was typed stays.
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Belum ada penilaian tercatat");
        await Expect(page.GetByLabel("Ringkasan kegiatan")).ToHaveValueAsync("Pelatihan batik cap berjalan lima hari; semua peserta hadir.");
        Assert.Equal("AwaitingClosingReport", await StageAsync(id));

        var results = ids.Select(participantId => new { participantId, passed = true, score = 85 }).ToArray();
        var (assessed, _) = await facility.PostJsonAsync($"api/programmes/{id}/assessments", new { results });
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan penutupan" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Laporan penutupan tersimpan");
        Assert.Contains(await StageAsync(id), new[] { "Certifying", "FollowUp" });
        await page.Context.CloseAsync();
    }

    private async Task<string> StageAsync(string id)
    {
        using var ministry = fixture.As("dg-ikma");
        return (await ministry.GetJsonAsync($"api/programmes/{id}"))!["stage"]!.GetValue<string>();
    }
}
