using System.Net;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// A coordinator sees a programme orchestration's steps on the programme's timeline, pages through more than 100 failed
/// orchestrations, and restarts one failed programme orchestration alone: the others stay failed.
/// </summary>
public sealed class CoordinatorOrchestrationPageTests(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    // Failed orchestrations with no record behind them, beside the two failed programmes: 101 in all, two pages.
    private const int Broken = 99;

    private DurableTaskClient Client => fixture.Host.App.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task Coordinator_SeesTheOrchestrationsSteps_PagesTheFailed_AndRestartsOneAlone()
    {
        var restarted = await OpenedAsync("Bimtek WUB Tenun (dimulai ulang)");
        var other = await OpenedAsync("Bimtek WUB Anyaman (tetap gagal)");
        var instance = ProgrammeSignals.InstanceIdOf(restarted);
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, CoordinatorPageTests.Coordinator);

        // The timeline: the steps of the orchestration's current generation, in plain words, in WIB, in both languages.
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{restarted}"));
        var steps = page.Locator("ol.history");
        await Eventually.TrueAsync(
            async () => (await page.ReloadAsync())!.Ok && await steps.CountAsync() == 1 && (await steps.InnerTextAsync()).Contains("Bangun dijadwalkan pada", StringComparison.Ordinal),
            "the programme's timeline did not show the orchestration's wake-up");
        await Expect(steps).ToContainTextAsync("Generasi dimulai (versi 3");
        await Expect(steps).ToContainTextAsync("Catatan program dibaca: tahap");
        await Expect(steps).ToContainTextAsync("diumumkan kepada para pihak.");
        await Expect(steps.Locator("li").First).ToContainTextAsync("WIB");
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{restarted}?lang=en"));
        await Expect(steps).ToContainTextAsync("was announced to the partners.");
        await Expect(steps).ToContainTextAsync("A wake-up was scheduled for");
        await page.GotoAsync(fixture.Url($"api/pages/programmes/{restarted}?lang=id"));

        // Both programmes' orchestrations fail (started again without their input), and so do 99 without a record.
        await FailAsync(instance);
        await FailAsync(ProgrammeSignals.InstanceIdOf(other));
        for (var i = 0; i < Broken; i++)
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProgrammeOrchestration), input: null, new StartOrchestrationOptions($"broken-{i:D3}"));
        }

        await Eventually.TrueAsync(async () => await FailedCountAsync() == Broken + 2, () => $"not every orchestration failed yet", within: TimeSpan.FromMinutes(3));

        // The failed list pages by 100: next and back.
        await page.GotoAsync(fixture.Url("api/pages"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Orkestrasi gagal" }).ClickAsync();
        var list = page.Locator("table.orchestrations");
        await Expect(list.Locator("caption")).ToHaveTextAsync("Orkestrasi gagal 1–100");
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(100);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Halaman sebelumnya" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Halaman berikutnya" }).ClickAsync();
        await Expect(list.Locator("caption")).ToHaveTextAsync("Orkestrasi gagal 101–101");
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Halaman berikutnya" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Halaman sebelumnya" }).ClickAsync();
        await Expect(list.Locator("caption")).ToHaveTextAsync("Orkestrasi gagal 1–100");
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(100);

        // An orchestration no record has is not restarted: said, and nothing changes.
        await page.GotoAsync(fixture.Url("api/pages/orchestrations/broken-000"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, mulai ulang" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("perbaikan tidak memulainya");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await Client.GetInstanceAsync("broken-000"))!.RuntimeStatus);

        // The programme's failed orchestration: its failure among its steps, then restarted alone after the confirm step.
        await page.GotoAsync(fixture.Url($"api/pages/orchestrations/{instance}"));
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("gagal");
        await Expect(page.Locator("ol.history")).ToContainTextAsync("Orkestrasi gagal:");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ya, mulai ulang" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Orkestrasi ini dimulai ulang.");
        await Eventually.TrueAsync(
            async () => await Client.GetInstanceAsync(instance, getInputsAndOutputs: true) is { RuntimeStatus: OrchestrationRuntimeStatus.Running } running
                && running.ReadCustomStatusAs<ProgrammeStatus>()?.Stage == "AwaitingActivityLetter",
            $"{instance} did not run again");
        await page.ReloadAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("berjalan");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ya, mulai ulang" })).ToHaveCountAsync(0);

        // Only that one: the other programme's orchestration and the 99 are still failed.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf(other)))!.RuntimeStatus);
        Assert.Equal(Broken + 1, await FailedCountAsync());
        await page.Context.CloseAsync();

        // The restart is a coordinator's form: the facility's officer is refused the page.
        var officer = await fixture.NewPageAsync();
        await fixture.SignInAsync(officer, PagesFixture.CipinangOfficer);
        var refused = await officer.GotoAsync(fixture.Url($"api/pages/orchestrations/{ProgrammeSignals.InstanceIdOf(other)}"));
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        await officer.Context.CloseAsync();
    }

    private async Task<string> OpenedAsync(string title)
    {
        using var ministry = fixture.As("dg-ikma");
        var (opened, body) = await ministry.PostJsonAsync("api/programmes", new { title, facilityId = "lapas-cipinang", year = 2024 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = body!["id"]!.GetValue<string>();
        await Eventually.TrueAsync(async () => (await Client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf(id)))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, $"programme {id}'s orchestration did not start");
        return id;
    }

    // Terminates the programme's orchestration and starts it again under its id without an input: the orchestration
    // refuses a missing input, so the instance fails (as the repair sees it).
    private async Task FailAsync(string instanceId)
    {
        await Client.TerminateInstanceAsync(instanceId, "test: about to fail it");
        await Eventually.TrueAsync(async () => (await Client.GetInstanceAsync(instanceId))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, $"{instanceId} was not terminated");
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ProgrammeOrchestration), input: null, new StartOrchestrationOptions(instanceId));
        await Eventually.TrueAsync(async () => (await Client.GetInstanceAsync(instanceId))?.RuntimeStatus == OrchestrationRuntimeStatus.Failed, $"{instanceId} did not fail");
    }

    private async Task<int> FailedCountAsync()
    {
        var count = 0;
        await foreach (var _ in Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], PageSize = 100 }))
        {
            count++;
        }

        return count;
    }
}
