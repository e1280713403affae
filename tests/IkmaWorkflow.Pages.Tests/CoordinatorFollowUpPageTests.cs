using System.Net;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// A coordinator's follow-up due list, the outcomes by cohort with their CSV, the email outbox, and terminating an
/// orchestration after its confirm page; a facility's officer is refused each of these pages.
/// </summary>
public sealed class CoordinatorFollowUpPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task Coordinator_SeesFollowUpsDueOutcomesEmails_AndTerminatesAnOrchestration()
    {
        var (id, inmate) = await DueCheckpointAsync();
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, CoordinatorPageTests.Coordinator);

        // The due list: the inmate's 1-month checkpoint, linking to its form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tindak lanjut jatuh tempo" }).ClickAsync();
        var row = page.Locator("table.due tbody tr", new() { HasText = "Budi Santoso" });
        await Expect(row).ToContainTextAsync("Jatuh tempo");
        await Expect(row).ToContainTextAsync("Bapas Kelas I Jakarta Timur");
        await Screenshots.SaveAsync(page, "coordinator-follow-ups");
        await page.GetByRole(AriaRole.Link, new() { Name = "Buka Budi Santoso 1" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"/api/pages/programmes/{id}/participants/{inmate}/follow-ups/1") + "$"));

        // Outcomes: the table and chart, and the CSV the report API answers.
        await page.GotoAsync(fixture.Url("api/pages"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Hasil pemantauan" }).ClickAsync();
        await Expect(page.Locator("table.outcomes tbody tr").First).ToContainTextAsync("2024");
        await Expect(page.Locator("figure.chart svg[role=img]")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "coordinator-outcomes");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Unduh CSV" }).ClickAsync());
        var csv = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using (var ministry = fixture.As("dg-ikma"))
        {
            Assert.Equal(await ministry.GetByteArrayAsync("api/reports/outcomes?format=csv"), csv);
        }

        // One facility: the chart, table and CSV follow the choice; a facility without checkpoints has none; a row per
        // facility names it.
        await page.GetByLabel("Lembaga", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Lapas Kelas I Cipinang" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("facilityId=lapas-cipinang"));
        await Expect(page.Locator("table.outcomes caption")).ToContainTextAsync("Lapas Kelas I Cipinang");
        await Expect(page.Locator("figure.chart")).ToContainTextAsync("Lapas Kelas I Cipinang");
        await Expect(page.Locator("table.outcomes tbody tr").First).ToContainTextAsync("2024");
        var cipinang = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Unduh CSV" }).ClickAsync());
        using (var ministry = fixture.As("dg-ikma"))
        {
            Assert.Equal(await ministry.GetByteArrayAsync("api/reports/outcomes?format=csv&facilityId=lapas-cipinang"), await File.ReadAllBytesAsync((await cipinang.PathAsync())!));
        }

        await page.GetByLabel("Lembaga", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Lapas Perempuan Kelas IIA Tangerang" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Expect(page.GetByText("Belum ada titik pemantauan.")).ToBeVisibleAsync();
        await Expect(page.Locator("table.outcomes")).ToHaveCountAsync(0);
        await page.GetByLabel("Lembaga", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Semua lembaga" });
        await page.GetByLabel("Satu baris per lembaga").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Expect(page.Locator("table.outcomes thead")).ToContainTextAsync("Lembaga");
        await Expect(page.Locator("table.outcomes tbody tr").First).ToContainTextAsync("Lapas Kelas I Cipinang");
        var perFacility = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Unduh CSV" }).ClickAsync());
        using (var ministry = fixture.As("dg-ikma"))
        {
            Assert.Equal(await ministry.GetByteArrayAsync("api/reports/outcomes?format=csv&byFacility=true"), await File.ReadAllBytesAsync((await perFacility.PathAsync())!));
        }

        // A year that is not one: the report's own message, on the page.
        await page.GetByLabel("Tahun angkatan").FillAsync("20x4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'20x4' bukan tahun");

        // The outbox lists the sign-in link just sent to the coordinator.
        await page.GetByRole(AriaRole.Link, new() { Name = "Kotak keluar email" }).ClickAsync();
        await Expect(page.Locator("table.emails tbody tr", new() { HasText = CoordinatorPageTests.Coordinator }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "coordinator-emails");

        // No orchestration failed; a programme's running orchestration is terminated after its confirm page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orkestrasi gagal" }).ClickAsync();
        await Expect(page.GetByText("Tidak ada orkestrasi yang gagal.")).ToBeVisibleAsync();
        var waiting = await OpenedAsync();
        var instance = $"programme-{waiting}";
        await Eventually.TrueAsync(async () => await RuntimeStatusAsync(instance) == "Running", $"orchestration {instance} did not start");
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{waiting}"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Orkestrasi program" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("berjalan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, hentikan orkestrasi ini" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Orkestrasi dihentikan.");
        await Eventually.TrueAsync(async () => await RuntimeStatusAsync(instance) == "Terminated", $"orchestration {instance} was not terminated");
        await page.Context.CloseAsync();

        // Not for a facility's officer.
        var officer = await fixture.NewPageAsync();
        await fixture.SignInAsync(officer, PagesFixture.CipinangOfficer);
        foreach (var path in new[] { "api/pages/follow-ups", "api/pages/outcomes", "api/pages/outcomes/outcomes.csv", "api/pages/emails", "api/pages/orchestrations", $"api/pages/orchestrations/{instance}" })
        {
            var response = await officer.GotoAsync(fixture.Url(path));
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        }

        await officer.Context.CloseAsync();
    }

    // A programme past its training week whose inmate was released a month ago: the 1-month checkpoint is due.
    private async Task<(string Id, string Inmate)> DueCheckpointAsync()
    {
        using var facility = fixture.As("lapas-cipinang");
        var (id, _, start) = await TestProgrammes.PlannedAsync(fixture);
        var (enrolled, participants) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", $"""
            type,track,fullName,expectedReleaseMonth
            Inmate,batik,Budi Santoso,{start.AddMonths(2):yyyy-MM}
            Officer,batik,Siti Rahmawati,
            """);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var inmate = participants!["participants"]![0]!["id"]!.GetValue<string>();
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var released = start.AddDays(5);
        fixture.MoveTo(released);
        var (release, _) = await facility.PostJsonAsync($"api/programmes/{id}/participants/{inmate}/release", new { releaseDate = TestProgrammes.Text(released), route = "Parole" });
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        fixture.MoveTo(released.AddMonths(1));
        return (id, inmate);
    }

    private async Task<string> OpenedAsync()
    {
        using var ministry = fixture.As("dg-ikma");
        var (opened, body) = await ministry.PostJsonAsync("api/programmes", new { title = "Bimtek WUB Tenun (menunggu surat)", facilityId = "lapas-cipinang", year = 2024 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return body!["id"]!.GetValue<string>();
    }

    private async Task<string?> RuntimeStatusAsync(string instanceId)
    {
        using var operators = fixture.Host.Operator();
        var response = await operators.GetAsync($"api/durable/instances/{instanceId}");
        return response.IsSuccessStatusCode ? System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())?["runtimeStatus"]?.GetValue<string>() : null;
    }
}
