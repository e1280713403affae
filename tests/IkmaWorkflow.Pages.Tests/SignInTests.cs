using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>Signing in and out, and the language switch, in a real browser.</summary>
public sealed class SignInTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task SignInRequest_UnknownAddress_TheSameAnswerAsAKnownOne()
    {
        var page = await fixture.NewPageAsync();
        var answers = new List<string>();
        foreach (var email in new[] { PagesFixture.CipinangOfficer, "tidak.terdaftar@example.go.id" })
        {
            await page.GotoAsync(fixture.Url("api/pages/sign-in"));
            await page.GetByLabel("Alamat email").FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Periksa email Anda");
            answers.Add((await page.Locator("main").InnerTextAsync()).Replace(email, "EMAIL", StringComparison.Ordinal));
        }

        Assert.Equal(answers[0], answers[1]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInLink_UsedTwice_TheSecondUseIsRefused()
    {
        var first = await fixture.NewPageAsync();
        await first.GotoAsync(fixture.Url("api/pages/sign-in"));
        await first.GetByLabel("Alamat email").FillAsync(PagesFixture.CipinangOfficer);
        await first.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
        var link = await fixture.SignInLinkAsync(PagesFixture.CipinangOfficer);
        await first.GotoAsync(link);
        await first.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Beranda" })).ToBeVisibleAsync();

        var second = await fixture.NewPageAsync();
        await second.GotoAsync(link);
        var response = await second.RunAndWaitForResponseAsync(
            () => second.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(410, response.Status);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tautan masuk tidak berlaku");
        await Expect(second.GetByRole(AriaRole.Link, new() { Name = "Minta tautan masuk baru" })).ToBeVisibleAsync();
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInLink_OpenedWhileSignedIn_SaysAsWhomAndSignsOutToUseIt()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        var asker = await fixture.NewPageAsync();
        await asker.GotoAsync(fixture.Url("api/pages/sign-in"));
        await asker.GetByLabel("Alamat email").FillAsync(PagesFixture.ProbationOfficer);
        await asker.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
        var link = await fixture.SignInLinkAsync(PagesFixture.ProbationOfficer);

        // Signed in as someone else: told as whom, the link left unused; going on keeps the session.
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Anda sudah masuk");
        await Expect(page.Locator("main")).ToContainTextAsync("Rina Petugas");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lanjutkan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Beranda" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Rina Petugas");

        // Signing out from there comes back to the link, which then signs in the person it was sent to.
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Keluar, lalu masuk dengan tautan ini" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Masuk ke IKMA Workflow");
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Beranda" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Hendra Pembimbing");
        await page.Context.CloseAsync();
        await asker.Context.CloseAsync();
    }

    [Fact]
    public async Task SignOut_ThenHome_SentToSignIn()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "ikma-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal("/api/pages", session.Path);

        await page.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Anda sudah keluar.");
        await page.GotoAsync(fixture.Url("api/pages"));

        await Expect(page).ToHaveURLAsync(new Regex("/api/pages/sign-in$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Home_EntraPrincipalHeaderWithoutTheSetting_IgnoredAndSentToSignIn()
    {
        using var client = EntraSignInTests.Client(fixture, PagesFixture.CipinangOfficer);

        var response = await client.GetAsync("api/pages");

        Assert.Equal(System.Net.HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/pages/sign-in", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LanguageSwitch_English_PagesInEnglishWithLangEnUntilSwitchedBack()
    {
        var (_, title, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Home");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".facts")).ToContainTextAsync("Enrolling participants");

        await page.GetByRole(AriaRole.Link, new() { Name = "Bahasa Indonesia" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        await Expect(page.Locator(".facts")).ToContainTextAsync("Pendaftaran peserta");
        await page.Context.CloseAsync();
    }
}
