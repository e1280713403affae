using System.Net;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The assessment page starts from what is stored (the domain's read of assessments, <c>GET .../assessments</c>): a
/// trainer who sent results sees them on reopening the page, and a result changed there replaces the stored one.
/// </summary>
public sealed class AssessmentPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task Trainer_ReopensTheAssessments_SeesWhatWasSentAndCorrectsIt()
    {
        var (id, _, _, _) = await TestProgrammes.InTrainingAsync(fixture);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.FoundationPartner);
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/assessments"));
        await Expect(page.Locator("#f-results-0--passed")).ToHaveValueAsync(string.Empty);
        var first = await page.Locator("input[name='results[0].participantId']").InputValueAsync();
        var second = await page.Locator("input[name='results[1].participantId']").InputValueAsync();

        await page.Locator("#f-results-0--passed").SelectOptionAsync("true");
        await page.Locator("#f-results-0--score").FillAsync("85");
        await page.Locator("#f-results-0--remarks").FillAsync("Motif <parang> rapi");
        await page.Locator("#f-results-1--passed").SelectOptionAsync("false");
        await page.Locator("#f-results-1--score").FillAsync("55");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 2 peserta tersimpan.");

        // Reopened (a new load of the page, not the form sent back): each row shows the result stored.
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/assessments"));
        await Expect(page.Locator("#f-results-0--passed")).ToHaveValueAsync("true");
        await Expect(page.Locator("#f-results-0--score")).ToHaveValueAsync("85");
        await Expect(page.Locator("#f-results-0--remarks")).ToHaveValueAsync("Motif <parang> rapi");
        await Expect(page.Locator("#f-results-1--passed")).ToHaveValueAsync("false");
        await Expect(page.Locator("#f-results-1--score")).ToHaveValueAsync("55");
        await Expect(page.Locator("#f-results-1--remarks")).ToHaveValueAsync(string.Empty);
        await Expect(page.Locator("#f-results-2--passed")).ToHaveValueAsync(string.Empty);
        await Expect(page.Locator("main")).ToContainTextAsync("Tersimpan: 2 peserta.");

        // The second participant passes after all: the corrected row replaces the stored result, the first stays.
        await page.Locator("#f-results-1--passed").SelectOptionAsync("true");
        await page.Locator("#f-results-1--score").FillAsync("75");
        await page.Locator("#f-results-1--remarks").FillAsync("Lulus setelah uji ulang");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim penilaian" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Penilaian 2 peserta tersimpan.");
        await Expect(page.Locator("#f-results-1--score")).ToHaveValueAsync("75");

        var stored = await StoredAsync(id);
        Assert.Equal(2, stored.Count);
        Assert.Equal((true, 85, "Motif <parang> rapi"), stored[first]);
        Assert.Equal((true, 75, "Lulus setelah uji ulang"), stored[second]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AssessmentList_OfAnotherFacilitysProgramme_NotFound()
    {
        var (id, _, _, _) = await TestProgrammes.InTrainingAsync(fixture);
        using var other = fixture.As("lpp-tangerang");
        var response = await other.GetAsync(new Uri($"api/programmes/{id}/assessments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var partner = fixture.As("ybi");
        Assert.Empty((await partner.GetJsonAsync($"api/programmes/{id}/assessments"))!.AsArray());
    }

    // The results the API's read answers, by participant.
    private async Task<Dictionary<string, (bool, int?, string?)>> StoredAsync(string id)
    {
        using var partner = fixture.As("ybi");
        return (await partner.GetJsonAsync($"api/programmes/{id}/assessments"))!.AsArray().ToDictionary(
            a => a!["participantId"]!.GetValue<string>(),
            a => (a!["passed"]!.GetValue<bool>(), a["score"]?.GetValue<int?>(), a["remarks"]?.GetValue<string>()));
    }
}
