using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// The coordinators' programme opening form (<c>/api/pages/programmes/new</c>), linked from their home page: the
/// domain's messages by the fields with what was typed kept and nothing stored, then the programme opened as
/// <c>POST /api/programmes</c> opens it; anyone else gets the 403 page.
/// </summary>
public sealed class ProgrammeOpeningPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task Coordinator_OpensAProgrammeFromTheHomePage_BadInputShownThenOpened()
    {
        var before = await fixture.ProgrammeCountAsync();
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PartnerFormTests.Coordinator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Buka program baru" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Buka program baru");
        await Expect(page.GetByLabel("Tahun")).ToHaveValueAsync("2024");

        // No title, a year in words, a threshold above 1: each message by its field, what was typed kept, nothing stored.
        await page.GetByLabel("Lembaga pemasyarakatan").SelectOptionAsync("lapas-cipinang");
        await page.GetByLabel("Tahun").FillAsync("dua ribu dua puluh empat");
        await page.GetByLabel("Yayasan Batik Indonesia").CheckAsync();
        await page.GetByLabel("Bapas (tidak wajib)").SelectOptionAsync("bapas-jakarta-timur");
        await page.GetByLabel("Ambang kehadiran (tidak wajib)").FillAsync("1,5");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Buka program" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#f-title-error")).ToContainTextAsync("Wajib diisi");
        await Expect(page.Locator("#f-year-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#f-attendanceThreshold-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Judul program")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Tahun")).ToHaveValueAsync("dua ribu dua puluh empat");
        await Expect(page.GetByLabel("Lembaga pemasyarakatan")).ToHaveValueAsync("lapas-cipinang");
        await Expect(page.GetByLabel("Yayasan Batik Indonesia")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Ambang kehadiran (tidak wajib)")).ToHaveValueAsync("1,5");
        await Expect(page.Locator("#problem a[href='#f-title']")).ToBeVisibleAsync();
        Assert.Equal(before, await fixture.ProgrammeCountAsync());

        await page.GetByLabel("Judul program").FillAsync("Bimtek <b>WUB</b> Batik Cipinang");
        await page.GetByLabel("Tahun").FillAsync("2024");
        await page.GetByLabel("Ambang kehadiran (tidak wajib)").FillAsync("0,9");
        await Screenshots.SaveAsync(page, "programme-opening");
        await page.GetByRole(AriaRole.Button, new() { Name = "Buka program" }).ClickAsync();

        // The new programme's page, its title as text, waiting for its activity letter; stored as the API opens it.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Program dibuka");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bimtek <b>WUB</b> Batik Cipinang");
        var id = new Regex("/api/pages/programmes/([^/?]+)").Match(page.Url).Groups[1].Value;
        using var ministry = fixture.As("dg-ikma");
        var programme = (await ministry.GetJsonAsync($"api/programmes/{id}"))!;
        Assert.Equal("AwaitingActivityLetter", programme["stage"]!.GetValue<string>());
        Assert.Equal("lapas-cipinang", programme["facilityId"]!.GetValue<string>());
        Assert.Equal(2024, programme["year"]!.GetValue<int>());
        Assert.Equal(0.9, programme["attendanceThreshold"]!.GetValue<double>(), 3);
        Assert.Equal(["ybi"], programme["partnerIds"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("bapas-jakarta-timur", programme["probationOfficeId"]!.GetValue<string>());
        Assert.Equal(before + 1, await fixture.ProgrammeCountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FacilityOfficer_OpeningPage_RefusedWith403()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Buka program baru" })).ToHaveCountAsync(0);
        var response = await page.GotoAsync(fixture.Url("api/pages/programmes/new"));
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tidak diizinkan untuk organisasi Anda");
        await page.Context.CloseAsync();
    }
}
