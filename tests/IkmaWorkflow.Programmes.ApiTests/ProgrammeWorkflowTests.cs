using System.Net;
using Microsoft.DurableTask.Client;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The programme orchestration on Azurite, started and signalled by the forms, emailing through the outbox.</summary>
public sealed class ProgrammeWorkflowTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OpenAndAttachLetter_OrchestrationFollowsStagesAndEmailsCoordinators()
    {
        using var ministry = fixture.As("dg-ikma");
        var (person, _) = await ministry.PostJsonAsync("api/organisations/dg-ikma/people", new { name = "Koordinator <IKMA> & Co", email = "koordinator@kemenperin.go.id", role = "Coordinator" });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek WUB {Guid.NewGuid():N}", facilityId = "lapas-cipinang", year = 2024 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var programmeId = programme!["id"]!.GetValue<string>();
        var client = fixture.Host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = ProgrammeSignals.InstanceIdOf(programmeId);

        var waiting = await StageAsync(client, instanceId, "AwaitingActivityLetter");
        Assert.Equal("the activity letter", waiting.WaitingFor);

        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{Random.Shared.Next(1000, 9999)}/IKMA.3/IND/VII/2024", letterDate = "2024-07-15", issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = 2024 });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);

        await StageAsync(client, instanceId, "AwaitingPlan");
        var outbox = fixture.Host.App.Services.GetRequiredService<EmailOutbox>();
        var found = 0;
        var emails = await Eventually.GetAsync(
            async () =>
            {
                var page = await outbox.ListAsync(50, null, CancellationToken.None);
                var mine = page.Emails.Where(e => e.DedupeKey.StartsWith(instanceId + "|", StringComparison.Ordinal)).ToList();
                found = mine.Count;
                return mine.Count >= 2 ? mine : null;
            },
            () => $"The outbox holds {found} of the 2 emails of instance {instanceId}.");
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.Equal("programme-stage-changed", e.Kind));
        Assert.Contains(emails, e => e.Subject.Contains("menunggu rencana program", StringComparison.Ordinal));
        Assert.All(emails, e => Assert.DoesNotContain("<IKMA>", e.Html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyProgramme_StageChangeAndEscalation_ReachCoordinatorsAndFacilityStaffByRole()
    {
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lpp-tangerang");
        var unique = Guid.NewGuid().ToString("N")[..8];
        foreach (var (client, organisation, role) in new[] { (ministry, "dg-ikma", "Coordinator"), (ministry, "dg-ikma", "Trainer"), (facility, "lpp-tangerang", "FacilityStaff"), (facility, "lpp-tangerang", "Trainer") })
        {
            var (added, _) = await client.PostJsonAsync($"api/organisations/{organisation}/people", new { name = $"{role} {organisation}", email = $"{role.ToLowerInvariant()}.{unique}@{organisation}.example.org", role });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var (_, programme) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek WUB {unique}", facilityId = "lpp-tangerang", year = 2024 });
        var programmeId = programme!["id"]!.GetValue<string>();
        var notify = ActivatorUtilities.CreateInstance<NotifyProgramme>(fixture.Host.App.Services);
        var instanceId = "recipients-" + unique;

        Assert.True(await notify.RunAsync(new ProgrammeNotice(programmeId, NoticeKind.StageChanged, ProgrammeStage.AwaitingActivityLetter, 0, instanceId), CancellationToken.None));
        Assert.True(await notify.RunAsync(new ProgrammeNotice(programmeId, NoticeKind.Escalation, ProgrammeStage.AwaitingActivityLetter, 3, instanceId), CancellationToken.None));

        var outbox = fixture.Host.App.Services.GetRequiredService<EmailOutbox>();
        var mine = new List<OutboxEmail>();
        string? token = null;
        do
        {
            var page = await outbox.ListAsync(100, token, CancellationToken.None);
            mine.AddRange(page.Emails.Where(e => e.DedupeKey.StartsWith(instanceId + "|", StringComparison.Ordinal)));
            token = page.ContinuationToken;
        }
        while (token is not null);

        var stageChange = Assert.Single(mine, e => e.Kind == "programme-stage-changed");
        var escalation = Assert.Single(mine, e => e.Kind != "programme-stage-changed");
        Assert.Equal(
            [$"coordinator.{unique}@dg-ikma.example.org", $"facilitystaff.{unique}@lpp-tangerang.example.org"],
            stageChange.Recipients.Select(r => r.Address).Where(a => a.Contains(unique, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal([$"coordinator.{unique}@dg-ikma.example.org"], escalation.Recipients.Select(r => r.Address).Where(a => a.Contains(unique, StringComparison.Ordinal)));
    }

    // Waits until the programme's orchestration shows the stage in its custom status.
    private static async Task<ProgrammeStatus> StageAsync(DurableTaskClient client, string instanceId, string stage)
    {
        OrchestrationMetadata? last = null;
        return await Eventually.GetAsync(
            async () => (last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<ProgrammeStatus>() is { } status && status.Stage == stage ? status : null,
            () => $"Instance {instanceId} did not reach stage {stage}: {last?.RuntimeStatus.ToString() ?? "missing"}, custom status {last?.SerializedCustomStatus}, failure {last?.FailureDetails?.ErrorMessage}.");
    }
}
