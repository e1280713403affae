using System.Net;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>A probation officer opens the follow-up email's page for a checkpoint, signs in, and reports the outcome.</summary>
public sealed class FollowUpPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task ProbationOfficer_FollowsTheEmailsLink_SignsInAndReportsTheOutcome()
    {
        var (id, inmate) = await DueCheckpointAsync();
        var path = $"api/pages/programmes/{id}/participants/{inmate}/follow-ups/1";
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(fixture.Url(path));
        await Expect(page).ToHaveURLAsync(new Regex("/api/pages/sign-in\\?next="));
        await fixture.SignInAsync(page, PagesFixture.ProbationOfficer, onSignInPage: true);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tindak lanjut 1 bulan setelah bebas");

        // Reached, and nothing else: the domain names every answer it then needs, and nothing is stored.
        await page.GetByLabel("Berhasil dihubungi").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim hasil tindak lanjut" }).ClickAsync();
        await Expect(page.Locator("#f-employmentStatus-error")).ToContainTextAsync("Wajib diisi.");
        await Expect(page.Locator("#f-reoffence")).ToContainTextAsync("Wajib diisi.");
        await Expect(page.GetByLabel("Berhasil dihubungi")).ToBeCheckedAsync();
        Assert.Equal("Scheduled", await StatusAsync(id, inmate));

        await page.GetByLabel("Status pekerjaan").SelectOptionAsync("SelfEmployed");
        await page.Locator("#f-businessStarted-0").CheckAsync();
        await page.GetByLabel("Bidang usaha").FillAsync("Batik tulis");
        await page.Locator("#f-businessRegistered-1").CheckAsync();
        await page.GetByLabel("Penghasilan per bulan").SelectOptionAsync("OneToThreeMillion");
        await page.Locator("#f-practisingSkill-0").CheckAsync();
        await page.Locator("#f-marketAccess-0").CheckAsync();
        await page.Locator("#f-reoffence-0").CheckAsync();
        await Screenshots.SaveAsync(page, "follow-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim hasil tindak lanjut" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Hasil tindak lanjut tersimpan.");
        Assert.Equal("Reported", await StatusAsync(id, inmate));
        await page.Context.CloseAsync();
    }

    // A programme past its training week whose first inmate was released a month ago: the 1-month checkpoint is due.
    private async Task<(string Id, string Inmate)> DueCheckpointAsync()
    {
        using var ministry = fixture.As("dg-ikma");
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

    private async Task<string> StatusAsync(string id, string participant)
    {
        using var ministry = fixture.As("dg-ikma");
        var checkpoints = (await ministry.GetJsonAsync($"api/programmes/{id}/follow-ups"))!.AsArray();
        return checkpoints.Single(c => c!["participantId"]!.GetValue<string>() == participant && c["months"]!.GetValue<int>() == 1)!["status"]!.GetValue<string>();
    }
}
