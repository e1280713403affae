using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace IkmaWorkflow.Programmes.ApiTests.Workflow;

/// <summary>
/// The programme orchestration's promises on the whole app: every stored programme gets its orchestration whatever
/// failed in between (the deadline check repairs it), and every stage a programme enters is announced once, in order,
/// however fast the stages change.
/// </summary>
public sealed class OrchestrationGuaranteeTests(WorkflowFixture fixture) : IClassFixture<WorkflowFixture>
{
    private static readonly string[] Lifecycle =
        ["AwaitingActivityLetter", "AwaitingPlan", "Enrolling", "Scheduled", "InTraining", "AwaitingClosingReport", "Certifying", "FollowUp"];

    [Fact]
    public async Task DeadlineCheck_ProgrammeWhoseOrchestrationFailedToStart_StartsItAndAnnouncesTheStage()
    {
        // The programme is stored, then starting its orchestration fails (the durable client answers Unavailable, as
        // during a storage outage): the form still answers 201, and the failure is only logged.
        var failing = new Mock<DurableTaskClient>(MockBehavior.Strict, "failing");
        failing.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "storage unavailable")));
        var body = new FormBody(JsonSerializer.SerializeToElement(new { title = $"Bimtek WUB Tata Rias {Guid.NewGuid():N}", facilityId = "lpp-tangerang", year = 2024 }), null);
        var services = fixture.Host.App.Services;
        var opened = await ProgrammeRequests.OpenAsync(
            new Caller("dg-ikma", OrganisationKind.MinistryUnit), body, fixture.Store, services.GetRequiredService<TimeProvider>(), new ProgrammeSignals(failing.Object, NullLogger<ProgrammeSignals>.Instance), CancellationToken.None);
        var programmeId = Assert.IsType<Outcome.Created>(opened).Location.Split('/')[^1];
        var instanceId = ProgrammeSignals.InstanceIdOf(programmeId);
        Assert.Null(await fixture.Durable.GetInstanceAsync(instanceId));

        // The daily deadline check finds the programme without an instance and starts it.
        await fixture.CheckDeadlinesAsync();

        var running = await Eventually.GetAsync(
            async () => await fixture.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true) is { RuntimeStatus: OrchestrationRuntimeStatus.Running } i && i.ReadCustomStatusAs<ProgrammeStatus>() is { Stage: "AwaitingActivityLetter" } ? i : null,
            () => $"{instanceId} running at AwaitingActivityLetter");
        Assert.Equal(programmeId, running.ReadInputAs<ProgrammeProgress>()!.ProgrammeId);
        await Eventually.TrueAsync(
            async () => (await StageEmailsAsync(programmeId)).Count == 1,
            $"the stage email of {programmeId}");

        // A second check finds nothing to repair and starts nothing twice.
        await fixture.CheckDeadlinesAsync();
        var after = await fixture.Durable.GetInstanceAsync(instanceId);
        Assert.Equal(running.CreatedAt, after!.CreatedAt);
        Assert.Equal(["AwaitingActivityLetter"], (await StageEmailsAsync(programmeId)).Select(e => e.Stage));
    }

    [Fact]
    public async Task Forms_StagesChangedFasterThanTheOrchestrationReacts_EveryStageAnnouncedOnceInOrder()
    {
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lpp-tangerang");
        var today = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().UtcDateTime);
        var start = today.AddDays(10);
        var end = start.AddDays(4);

        // Open, letter, plan, enrolment and its closing, one straight after the other, as the Tangerang demo sends them.
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek WUB Tata Boga {Guid.NewGuid():N}", facilityId = "lpp-tangerang", year = start.Year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var programmeId = programme!["id"]!.GetValue<string>();
        var instanceId = ProgrammeSignals.InstanceIdOf(programmeId);
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(100_000)}/IKMA.3/IND/VII/{start.Year}", letterDate = Date(today), issuerId = "dg-ikma", facilityIds = new[] { "lpp-tangerang" }, coveredYear = start.Year });
        Assert.Equal(HttpStatusCode.OK, (await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() })).Response.StatusCode);
        var (planned, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/plan", new { startDate = Date(start), endDate = Date(end), tracks = new[] { new { code = "boga", name = "Tata boga", nameEnglish = "Catering", quota = 20 } } });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var (enrolled, participants) = await facility.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", "type,track,fullName\nOfficer,boga,Dewi Lestari\nOfficer,boga,Ratna Sari\n");
        Assert.True(enrolled.StatusCode == HttpStatusCode.Created, participants?.ToJsonString());
        var ids = participants!["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await facility.PostJsonAsync($"api/programmes/{programmeId}/enrolment/close", new { })).Response.StatusCode);
        await WaitForStageAsync(instanceId, "Scheduled");

        // The clock jumps over the whole training week (as the demo's does); the morning check wakes the orchestration.
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(end.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        await fixture.CheckDeadlinesAsync();
        await WaitForStageAsync(instanceId, "AwaitingClosingReport");

        for (var day = start; day <= end; day = day.AddDays(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = Date(day), present = ids })).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await facility.PostJsonAsync($"api/programmes/{programmeId}/assessments", new { results = ids.Select(id => new { participantId = id, passed = true, score = 80 }).ToArray() })).Response.StatusCode);
        var (closing, closingBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/closing-report", new { closedOn = Date(end), summary = "Pelatihan tata boga selesai." });
        Assert.True(closing.StatusCode == HttpStatusCode.OK, closingBody?.ToJsonString());

        using (var timeout = new CancellationTokenSource(Eventually.Patience * 2))
        {
            var done = await fixture.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            Assert.Equal((OrchestrationRuntimeStatus.Completed, "FollowUp"), (done.RuntimeStatus, done.ReadOutputAs<string>()));
        }

        // Every stage entered has its email, once, and they were enqueued in the order of the stages.
        var seen = new List<(string Stage, DateTimeOffset CreatedAt, string Text)>();
        var emails = await Eventually.GetAsync(
            async () => (seen = await StageEmailsAsync(programmeId)) is { Count: >= 8 } all ? all : null,
            () => $"eight stage emails of {programmeId}; {seen.Count} came: {string.Join(", ", seen.Select(e => e.Stage))}");
        Assert.Equal(Lifecycle, emails.Select(e => e.Stage).Order(Comparer<string>.Create((a, b) => Array.IndexOf(Lifecycle, a) - Array.IndexOf(Lifecycle, b))));
        Assert.Equal(Lifecycle.Length, emails.Select(e => e.Stage).Distinct().Count());
        var byStage = emails.OrderBy(e => Array.IndexOf(Lifecycle, e.Stage)).ToList();
        for (var i = 1; i < byStage.Count; i++)
        {
            Assert.True(byStage[i - 1].CreatedAt <= byStage[i].CreatedAt, $"{byStage[i - 1].Stage} was enqueued after {byStage[i].Stage}.");
        }

        // An earlier stage announced late keeps its own time: the training week began at 00:00 WIB on its first day.
        var inTraining = byStage.Single(e => e.Stage == "InTraining");
        Assert.Contains(WibText.English(new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7))), inTraining.Text, StringComparison.Ordinal);
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task WaitForStageAsync(string instanceId, string stage) =>
        await Eventually.TrueAsync(
            async () => (await fixture.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<ProgrammeStatus>()?.Stage == stage,
            $"{instanceId} at stage {stage}");

    // The stage announcements of a programme: dedupe key "programme-{id}|{stage}|StageChanged|0".
    private async Task<List<(string Stage, DateTimeOffset CreatedAt, string Text)>> StageEmailsAsync(string programmeId)
    {
        var prefix = ProgrammeSignals.InstanceIdOf(programmeId) + "|";
        var list = new List<(string, DateTimeOffset, string)>();
        foreach (var email in (await fixture.EmailsAsync()).Where(e => e.Kind == "programme-stage-changed" && e.DedupeKey.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var full = await fixture.Outbox.GetAsync(email.Id, CancellationToken.None);
            list.Add((email.DedupeKey.Split('|')[1], email.CreatedAt, full!.Text!));
        }

        return list;
    }
}
