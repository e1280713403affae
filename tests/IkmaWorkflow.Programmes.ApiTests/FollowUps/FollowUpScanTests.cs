using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>
/// The daily scan, the follow-up orchestration and its activities on Azurite, in the whole app: the runtime's queue
/// functions run the orchestration and the <c>SendEmail</c> function writes its emails to the blob container.
/// </summary>
public sealed class FollowUpScanTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_DueAndFutureCheckpoints_StartsOnlyDueOnesOnceAndMarksThemRequested()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        var released = fixture.Today;
        await ReleaseAsync(programme, programme.Inmate, released);
        await ReleaseAsync(programme, programme.SecondInmate, released.AddMonths(3));
        fixture.MoveTo(released.AddMonths(1));

        var before = fixture.Host.Clock.GetUtcNow();
        var first = await fixture.Scanner.RunAsync(CancellationToken.None);
        var after = fixture.Host.Clock.GetUtcNow();

        var due = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);
        Assert.True(first.Started >= 1, $"The first scan started {first.Started} orchestrations.");
        Assert.Equal(first.Due, first.Started + first.AlreadyStarted);
        Assert.Equal(first.Due, first.Marked);
        var instance = await fixture.Durable.GetInstanceAsync(due.InstanceId);
        Assert.NotNull(instance);
        Assert.Equal(nameof(FollowUpOrchestration), instance.Name);
        var rows = await RowsAsync(programme.Id);
        Assert.Equal("Requested", rows[due.RowKey].Status);
        Assert.InRange(rows[due.RowKey].RequestedAt!.Value, before, after);
        foreach (var notDue in new[] { new FollowUpCheckpoint(programme.Id, programme.Inmate, 6), new FollowUpCheckpoint(programme.Id, programme.SecondInmate, 1) })
        {
            Assert.Equal("Scheduled", rows[notDue.RowKey].Status);
            Assert.Null(await fixture.Durable.GetInstanceAsync(notDue.InstanceId));
        }

        var second = await fixture.Scanner.RunAsync(CancellationToken.None);

        Assert.Equal(new FollowUpScanResult(0, 0, 0, 0), second);
        Assert.Equal(instance.CreatedAt, (await fixture.Durable.GetInstanceAsync(due.InstanceId))!.CreatedAt);
    }

    [Fact]
    public async Task RunAsync_RowStillScheduledAfterItsOrchestrationStarted_MarksItWithoutStartingAgain()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        var released = fixture.Today;
        await ReleaseAsync(programme, programme.Inmate, released);
        fixture.MoveTo(released.AddMonths(1));
        await fixture.Scanner.RunAsync(CancellationToken.None);
        var checkpoint = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);
        var created = (await fixture.Durable.GetInstanceAsync(checkpoint.InstanceId))!.CreatedAt;

        // As if the scan had crashed after starting the orchestration and before marking the row.
        var row = (await RowsAsync(programme.Id))[checkpoint.RowKey];
        row.Status = CheckpointStatus.Scheduled;
        row.RequestedAt = null;
        await fixture.Store.Programmes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var again = await fixture.Scanner.RunAsync(CancellationToken.None);

        Assert.Equal(new FollowUpScanResult(1, 0, 1, 1), again);
        Assert.Equal("Requested", (await RowsAsync(programme.Id))[checkpoint.RowKey].Status);
        Assert.Equal(created, (await fixture.Durable.GetInstanceAsync(checkpoint.InstanceId))!.CreatedAt);
    }

    [Fact]
    public async Task FollowUp_ThroughScanner_EmailsProbationOfficerAndCompletesWhenOutcomeArrives()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        var released = fixture.Today;
        await ReleaseAsync(programme, programme.Inmate, released);
        fixture.MoveTo(released.AddMonths(1));
        var checkpoint = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);

        await fixture.Scanner.RunAsync(CancellationToken.None);

        var waiting = await WaitForAsync(checkpoint.InstanceId, m => m.ReadCustomStatusAs<FollowUpStatus>()?.State == "WaitingForOutcome");
        var status = waiting.ReadCustomStatusAs<FollowUpStatus>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal((1, "the outcome from bapas-jakarta-timur", "hasil dari bapas-jakarta-timur"), (status.Months, status.WaitingFor, status.WaitingForIndonesian));
        Assert.StartsWith($"Follow-up at 1 month for participant {programme.Inmate}: waiting for the outcome", status.English, StringComparison.Ordinal);

        var email = await WaitForEmailAsync($"{checkpoint.InstanceId}/request", e => e["status"]!.GetValue<string>() == "Sent");
        Assert.Equal(("follow-up-requested", "blob"), (email["kind"]!.GetValue<string>(), email["delivery"]!.GetValue<string>()));
        Assert.Equal([FollowUpFixture.OfficerEmail], email["to"]!.AsArray().Select(t => t!["address"]!.GetValue<string>()).ToArray());
        Assert.Contains(programme.Inmate, email["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        using var operatorClient = fixture.Host.Operator();
        var full = await operatorClient.GetJsonAsync($"api/emails/{email["id"]!.GetValue<string>()}");
        Assert.Contains($"/api/pages/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/1", full!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        using var bapas = fixture.As("bapas-jakarta-timur");
        var (reported, _) = await bapas.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/1", new
        {
            contactOutcome = "Reached",
            employmentStatus = "EmployedPartTime",
            businessStarted = false,
            incomeBand = "BelowOneMillion",
            practisingSkill = true,
            marketAccess = false,
            reoffence = "No",
        });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        var done = await WaitForAsync(checkpoint.InstanceId, m => m.IsCompleted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new FollowUpResult("Reported", 0, false), done.ReadOutputAs<FollowUpResult>());
        Assert.Equal("Reported", done.ReadCustomStatusAs<FollowUpStatus>()!.State);
    }

    [Fact]
    public async Task RemindAndEscalate_OpenCheckpoint_EmailResponsibleAndCoordinatorsOnceEach()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        var released = fixture.Today;
        await ReleaseAsync(programme, programme.Inmate, released);
        fixture.MoveTo(released.AddMonths(1));
        var checkpoint = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);
        var services = fixture.Host.App.Services;
        var remind = ActivatorUtilities.CreateInstance<RemindFollowUp>(services);
        var escalate = ActivatorUtilities.CreateInstance<EscalateFollowUp>(services);
        var deadline = fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(30);

        var reminder = await remind.RunAsync(new FollowUpReminder(checkpoint, 1, deadline), CancellationToken.None);
        var repeated = await remind.RunAsync(new FollowUpReminder(checkpoint, 1, deadline), CancellationToken.None);
        var escalation = await escalate.RunAsync(new FollowUpEscalation(checkpoint, fixture.Host.Clock.GetUtcNow().UtcDateTime.AddDays(-14)), CancellationToken.None);

        Assert.Equal(new FollowUpNotice("Scheduled", "bapas-jakarta-timur", 1), reminder);
        Assert.Equal(reminder, repeated);
        Assert.Equal(new FollowUpNotice("Scheduled", "bapas-jakarta-timur", 1), escalation);
        var emails = await OutboxAsync(checkpoint.InstanceId);
        var reminded = Assert.Single(emails, e => e.DedupeKey == $"{checkpoint.InstanceId}/reminder/1");
        Assert.Equal(("reminder", FollowUpFixture.OfficerEmail), (reminded.Kind, Assert.Single(reminded.Recipients).Address));
        Assert.Contains("reminder 1", reminded.Subject, StringComparison.Ordinal);
        var escalated = Assert.Single(emails, e => e.DedupeKey == $"{checkpoint.InstanceId}/escalation");
        Assert.Equal(("escalation", FollowUpFixture.CoordinatorEmail), (escalated.Kind, Assert.Single(escalated.Recipients).Address));
        Assert.Contains(programme.Inmate, escalated.Subject, StringComparison.Ordinal);

        using var bapas = fixture.As("bapas-jakarta-timur");
        var (reported, _) = await bapas.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/1", new { contactOutcome = "Declined" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        var afterReport = await remind.RunAsync(new FollowUpReminder(checkpoint, 2, deadline), CancellationToken.None);

        Assert.Equal(new FollowUpNotice("Reported", "bapas-jakarta-timur", 0), afterReport);
        Assert.True(afterReport.Closed);
        Assert.DoesNotContain(await OutboxAsync(checkpoint.InstanceId), e => e.DedupeKey.EndsWith("/reminder/2", StringComparison.Ordinal));
    }

    private async Task ReleaseAsync(TrainedProgramme programme, string participantId, DateOnly date)
    {
        using var facility = fixture.As("lapas-cipinang");
        var (response, body) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{participantId}/release", new { releaseDate = FollowUpFixture.Text(date), route = "Parole" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
    }

    private async Task<Dictionary<string, FollowUpEntity>> RowsAsync(string programmeId)
    {
        var rows = new Dictionary<string, FollowUpEntity>();
        await foreach (var row in fixture.Store.Programmes.QueryAsync<FollowUpEntity>(e => e.PartitionKey == programmeId))
        {
            if (row.RowKey.StartsWith(FollowUpEntity.Prefix, StringComparison.Ordinal))
            {
                rows[row.RowKey] = row;
            }
        }

        return rows;
    }

    private async Task<List<OutboxEmail>> OutboxAsync(string instanceId)
    {
        var page = await fixture.Host.App.Services.GetRequiredService<EmailOutbox>().ListAsync(1000, null, CancellationToken.None);
        return [.. page.Emails.Where(e => e.DedupeKey.StartsWith(instanceId + "/", StringComparison.Ordinal))];
    }

    // DurableTaskClient's own waits run on the app's clock, which the tests hold still; this one polls in real time.
    private async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> done)
    {
        OrchestrationMetadata? last = null;
        return await Eventually.GetAsync(
            async () => (last = await fixture.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true)) is { } instance && done(instance) ? instance : null,
            () => $"Instance {instanceId} did not get there; last seen: {last?.RuntimeStatus} {last?.SerializedCustomStatus}",
            WaitLimit);
    }

    private async Task<JsonNode> WaitForEmailAsync(string dedupeKey, Func<JsonNode, bool> done)
    {
        using var operatorClient = fixture.Host.Operator();
        JsonNode? last = null;
        return await Eventually.GetAsync(
            async () =>
            {
                var page = await operatorClient.GetJsonAsync("api/emails?top=200");
                last = page!["emails"]!.AsArray().FirstOrDefault(e => e!["dedupeKey"]!.GetValue<string>() == dedupeKey);
                return last is not null && done(last) ? last : null;
            },
            () => $"Email {dedupeKey} did not get there; last seen: {last?.ToJsonString()}",
            WaitLimit);
    }
}
