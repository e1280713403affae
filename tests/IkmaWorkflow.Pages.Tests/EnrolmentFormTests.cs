using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>The enrolment forms' refusals and their idempotency, in a real browser.</summary>
public sealed class EnrolmentFormTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    [Fact]
    public async Task EnrolOne_BadInput_ShowsTheFieldsMessageKeepsWhatWasTypedAndStoresNothing()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await SignedInAtParticipantsAsync(id);

        await page.GetByLabel("Warga binaan").CheckAsync();
        await page.GetByLabel("Kelas", new() { Exact = true }).SelectOptionAsync("batik");
        await page.GetByLabel("Nama lengkap").FillAsync("Budi \"Santoso\" & <b>Putra</b>");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Kiriman tidak valid");
        await Expect(page.Locator("#f-expectedReleaseMonth-error")).ToContainTextAsync("Wajib diisi.");
        await Expect(page.GetByLabel("Perkiraan bulan bebas")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Nama lengkap")).ToHaveValueAsync("Budi \"Santoso\" & <b>Putra</b>");
        await Expect(page.GetByLabel("Warga binaan")).ToBeCheckedAsync();
        Assert.Equal(0, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EnrolCsv_BadCell_NamesRowAndColumnAndStoresNothing()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await SignedInAtParticipantsAsync(id);
        const string csv = "type,track,fullName,expectedReleaseMonth\nInmate,batik,Budi Santoso,2025-02\nInmate,tenun,Agus Wijaya,2025-06\n";

        await page.GetByLabel("Berkas CSV", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "peserta.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Unggah dan daftarkan" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Baris 3, kolom track");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Program tidak memiliki kelas 'tenun'");
        Assert.Equal(0, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EnrolOne_DoubleClickThenBackButtonAndSendAgain_StoresOnce()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await SignedInAtParticipantsAsync(id);
        await FillOfficerAsync(page, "Dian Lestari");

        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).DblClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Peserta sudah didaftarkan.");
        Assert.Equal(1, await TestProgrammes.ParticipantCountAsync(fixture, id));

        // Back to the form as it was sent (same idempotency key), and send it again: the app answers what it stored.
        await page.GoBackAsync();
        await Expect(page.GetByLabel("Nama lengkap")).ToHaveValueAsync("Dian Lestari");
        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Peserta sudah didaftarkan.");
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(1, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EnrolOne_DoubleClickWithoutScript_StoresOnce()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync(javaScript: false);
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/participants"));
        await FillOfficerAsync(page, "Eko Prasetyo");

        await page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).DblClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Peserta sudah didaftarkan.");
        Assert.Equal(1, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EnrolOne_WithoutTheAntiForgeryToken_RefusedWithAPageAndStoresNothing()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await SignedInAtParticipantsAsync(id);
        await FillOfficerAsync(page, "Fajar Nugroho");
        await page.Locator("#one-heading + form input[name=__form], section[aria-labelledby=one-heading] input[name=__form]").First.EvaluateAsync("input => input.value = 'forged'");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Formulir kedaluwarsa");
        Assert.Equal(0, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Partner_SendsAnEnrolment_NotAllowedPageAndStoresNothing()
    {
        var (id, _, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.FoundationPartner);
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/participants"));
        await FillOfficerAsync(page, "Gita Purnama");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Daftarkan", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(403, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tidak diizinkan untuk organisasi Anda");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("pendaftaran peserta");
        Assert.Equal(0, await TestProgrammes.ParticipantCountAsync(fixture, id));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OtherFacility_OpensTheProgramme_RefusedWithAPageNotAStack()
    {
        var (id, title, _) = await TestProgrammes.PlannedAsync(fixture);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.TangerangOfficer);

        foreach (var part in new[] { string.Empty, "/participants", "/attendance", "/documents" })
        {
            var response = await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}{part}"));

            // The API's own answer: the same 404 for "not yours" as for "absent", so no one can probe for programmes.
            Assert.Equal(404, response!.Status);
            Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Program tidak ditemukan");
            await Expect(page.Locator("body")).Not.ToContainTextAsync(title);
            await Expect(page.Locator("body")).Not.ToContainTextAsync(new Regex("Exception|   at "));
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignedInAtParticipantsAsync(string id)
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, PagesFixture.CipinangOfficer);
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{id}/participants"));
        return page;
    }

    private static async Task FillOfficerAsync(IPage page, string name)
    {
        await page.GetByLabel("Petugas", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Kelas", new() { Exact = true }).SelectOptionAsync("batik");
        await page.GetByLabel("Nama lengkap").FillAsync(name);
    }
}
