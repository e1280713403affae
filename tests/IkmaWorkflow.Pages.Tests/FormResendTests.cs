using System.Net;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// A form sent again without the script (JavaScript disabled in the browser): back to the form, whose new page has a
/// new idempotency key, and the same content sent again is the same submission, stored once; a different send in
/// between (a correction, then the first values again) is a new submission.
/// </summary>
public sealed class FormResendTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task OpenProgramme_BackAndSendAgainWithoutScript_OpensOne()
    {
        var before = await fixture.ProgrammeCountAsync();
        var page = await fixture.NewPageAsync(javaScript: false);
        await fixture.SignInAsync(page, PartnerFormTests.Coordinator);
        await page.GotoAsync(fixture.Url("api/pages/programmes/new"));
        var firstKey = await page.Locator("input[name=__key]").InputValueAsync();
        await FillAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka program" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Program dibuka");
        var opened = page.Url;

        // Back to the form: a new page with a new key; the same programme typed (or put back) and sent again.
        await page.GoBackAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Buka program baru");
        Assert.NotEqual(firstKey, await page.Locator("input[name=__key]").InputValueAsync());
        await FillAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka program" }).ClickAsync();

        // The answer of the first send: the same programme's page, and one programme stored.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Program dibuka");
        Assert.Equal(opened, page.Url);
        Assert.Equal(before + 1, await fixture.ProgrammeCountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Assessments_SentThenCorrectedThenTheFirstValuesAgainWithoutScript_EachStored()
    {
        var (id, start) = await EnrolledAsync();
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        var page = await fixture.NewPageAsync(javaScript: false);
        await fixture.SignInAsync(page, PagesFixture.FoundationPartner);
        foreach (var score in new[] { "80", "90", "80" })
        {
            await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/assessments"));
            await page.Locator("#f-results-0--passed").SelectOptionAsync("true");
            await page.Locator("#f-results-0--score").FillAsync(score);
            await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 1 peserta tersimpan.");
            Assert.Equal(int.Parse(score, System.Globalization.CultureInfo.InvariantCulture), await ScoreAsync(id));
        }

        // Back, and the last values sent again: the same submission, still stored once with them.
        await page.GoBackAsync();
        await page.Locator("#f-results-0--score").FillAsync("80");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 1 peserta tersimpan.");
        Assert.Equal(80, await ScoreAsync(id));
        await page.Context.CloseAsync();
    }

    private static async Task FillAsync(IPage page)
    {
        await page.GetByLabel("Judul program").FillAsync("Bimtek WUB Tenun Cipinang");
        await page.GetByLabel("Lembaga pemasyarakatan").SelectOptionAsync("lapas-cipinang");
        await page.GetByLabel("Tahun").FillAsync("2024");
        await page.GetByLabel("Yayasan Batik Indonesia").CheckAsync();
    }

    private async Task<(string Id, DateOnly Start)> EnrolledAsync()
    {
        var (id, _, start) = await TestProgrammes.PlannedAsync(fixture);
        using var facility = fixture.As("lapas-cipinang");
        var (enrolled, _) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", """
            type,track,fullName,expectedReleaseMonth
            Officer,batik,Siti Rahmawati,
            """);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        return (id, start);
    }

    private async Task<int> ScoreAsync(string id)
    {
        using var partner = fixture.As("ybi");
        return (await partner.GetJsonAsync($"api/programmes/{id}/assessments"))!.AsArray().Single()!["score"]!.GetValue<int>();
    }
}
