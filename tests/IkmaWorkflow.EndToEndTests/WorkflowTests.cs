using System.Globalization;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

using IkmaWorkflow.Testing;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>What ran behind the forms: the emails in the outbox and the orchestrations' histories.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class WorkflowTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task Emails_BothCases_StageAnnouncementsCertificateBatchesAndFollowUpRequestsToEachBapas()
    {
        var coordinators = DemoDirectory.People.Where(p => p.Role == "Coordinator").Select(p => FictionalNames.Email(p.Name, p.OrganisationId)).ToList();

        // By hand: Cipinang 4 released x 3 checkpoints = 12; Tangerang 10 released x 3 checkpoints + 6 (the August
        // releases' 24-month checkpoint) = 36.
        var emails = await Eventually.GetAsync(
            async () =>
            {
                var all = await AllEmailsAsync();
                return all.Count(e => Kind(e) == "certificate-batch-issued") == 2 && all.Count(e => Kind(e) == "follow-up-requested") == 48 ? all : null;
            },
            () => "two certificate batches and all 48 follow-up requests in GET /api/emails");

        foreach (var result in new[] { fixture.Tangerang, fixture.Cipinang })
        {
            var mine = emails.Where(e => e["dedupeKey"]!.GetValue<string>().Contains(result.ProgrammeId, StringComparison.Ordinal)).ToList();
            Assert.Contains(mine, e => Kind(e) == "programme-stage-changed");
            var batch = Assert.Single(mine, e => Kind(e) == "certificate-batch-issued");
            Assert.Equal(coordinators.Order(), Recipients(batch).Where(coordinators.Contains).Order());
            Assert.All(mine.Where(e => Kind(e) == "programme-stage-changed"), e => Assert.Superset(coordinators.ToHashSet(), Recipients(e).ToHashSet()));
        }

        // Every stage of both programmes announced once, although the demo sends its forms faster than the orchestration
        // wakes and moves the clock over the training weeks (docs/programme-workflow.md, "Every stage announced once").
        // Both cases close on their last training day, so neither entered AwaitingClosingReport.
        string[] lifecycle = ["AwaitingActivityLetter", "AwaitingPlan", "Enrolling", "Scheduled", "InTraining", "Certifying", "FollowUp"];
        foreach (var result in new[] { fixture.Tangerang, fixture.Cipinang })
        {
            var prefix = $"programme-{result.ProgrammeId}|";
            var seen = new List<string>();
            var stages = await Eventually.GetAsync(
                async () => (seen = (await AllEmailsAsync()).Where(e => Kind(e) == "programme-stage-changed" && e["dedupeKey"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))
                    .Select(e => e["dedupeKey"]!.GetValue<string>().Split('|')[1]).ToList()).Count >= lifecycle.Length ? seen : null,
                () => $"the {lifecycle.Length} stage announcements of {result.ProgrammeId}; {seen.Count} came: {string.Join(", ", seen)}");
            Assert.Equal(lifecycle, stages.OrderBy(s => Array.IndexOf(lifecycle, s)));
        }

        var requests = emails.Where(e => Kind(e) == "follow-up-requested").ToList();
        foreach (var (result, bapas, count) in new[] { (fixture.Cipinang, DemoDirectory.BapasJakartaTimur, 12), (fixture.Tangerang, DemoDirectory.BapasTangerang, 36) })
        {
            var officer = DemoDirectory.People.Where(p => p.OrganisationId == bapas).Select(p => FictionalNames.Email(p.Name, p.OrganisationId)).Single();
            var mine = requests.Where(e => e["dedupeKey"]!.GetValue<string>().StartsWith($"followup-{result.ProgrammeId}-", StringComparison.Ordinal)).ToList();
            Assert.Equal(count, mine.Count);
            Assert.All(mine, e => Assert.Equal([officer], Recipients(e)));
            foreach (var (participantId, months) in Answered(result))
            {
                Assert.Single(mine, e => e["dedupeKey"]!.GetValue<string>().StartsWith(InstanceId(result, participantId, months) + "/", StringComparison.Ordinal));
            }
        }

        Assert.Equal(48, requests.Count);
    }

    [Fact]
    public async Task ProgrammeOrchestrations_BothCases_CompletedInFollowUpAfterContinuingAsNew()
    {
        foreach (var result in new[] { fixture.Tangerang, fixture.Cipinang })
        {
            var instance = await Eventually.GetAsync(
                async () => await fixture.GetAsync($"api/durable/instances/programme-{result.ProgrammeId}?showHistory=true") is { } i && i["runtimeStatus"]!.GetValue<string>() == "Completed" ? i : null,
                () => $"programme-{result.ProgrammeId} completed");

            Assert.Equal(("ProgrammeOrchestration", "FollowUp"), (instance["name"]!.GetValue<string>(), instance["customStatus"]!["stage"]!.GetValue<string>()));
            var history = instance["historyEvents"]!.AsArray().Select(e => e!["eventType"]!.GetValue<string>()).ToList();
            Assert.Equal("ExecutionStarted", history[0]);
            Assert.Equal("ExecutionCompleted", history[^1]);
            Assert.Contains("TaskCompleted", history);

            // Each stage is one generation ending in ContinueAsNew: the first starts with nothing announced, so a last
            // generation whose input names an announced stage was continued as new from an earlier one.
            Assert.Equal(result.ProgrammeId, instance["input"]!["programmeId"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(instance["input"]!["announcedStage"]?.GetValue<string>()), instance["input"]!.ToJsonString());
        }

        var failed = await fixture.GetAsync("api/durable/instances?runtimeStatus=Failed,Terminated");
        Assert.Empty(Instances(failed));
    }

    [Theory]
    [InlineData("cipinang-2024")]
    [InlineData("tangerang-2023")]
    public async Task FollowUpOrchestrations_EachCase_CompletedReportedForEachAnsweredCheckpoint(string caseKey)
    {
        var result = caseKey == TangerangCase.Key ? fixture.Tangerang : fixture.Cipinang;
        foreach (var (participantId, months) in Answered(result))
        {
            var instanceId = InstanceId(result, participantId, months);
            var instance = await Eventually.GetAsync(
                async () => await fixture.GetAsync($"api/durable/instances/{instanceId}?showHistory=true") is { } i && i["runtimeStatus"]!.GetValue<string>() == "Completed" ? i : null,
                () => $"{instanceId} completed");

            Assert.Equal(("FollowUpOrchestration", "Reported", 0), (instance["name"]!.GetValue<string>(), instance["output"]!["status"]!.GetValue<string>(), instance["output"]!["remindersSent"]!.GetValue<int>()));
            var events = instance["historyEvents"]!.AsArray();
            Assert.Contains(events, e => e!["eventType"]!.GetValue<string>() == "TaskCompleted" && e["name"]?.GetValue<string>() == "RequestFollowUp");
            Assert.Contains(events, e => e!["eventType"]!.GetValue<string>() == "EventRaised" && e["name"]?.GetValue<string>() == "OutcomeReported");
        }

        // Nothing else was started for the case: the checkpoints not yet due (24 months) have no orchestration.
        var all = Instances(await fixture.GetAsync("api/durable/instances?name=FollowUpOrchestration&top=1000"))
            .Select(i => i["instanceId"]!.GetValue<string>())
            .Where(id => id.StartsWith($"followup-{result.ProgrammeId}-", StringComparison.Ordinal));
        Assert.Equal(caseKey == TangerangCase.Key ? 36 : 12, all.Count());
    }

    /// <summary>
    /// The checkpoints whose outcome the case's loader sent: every released inmate at 1, 6 and 12 months, and for
    /// Tangerang the inmates released on 17 August 2023 at 24 months too.
    /// </summary>
    private static IEnumerable<(string ParticipantId, int Months)> Answered(CaseResult result)
    {
        if (result.Key == TangerangCase.Key)
        {
            var releases = TangerangCase.Releases();
            return TangerangCase.FollowUpRounds.SelectMany(round => releases.Where(r => r.ReleaseDate == round.Released).Select(r => (result.ParticipantIds[r.Participant.Name], round.Months)));
        }

        return CipinangCase.FollowUpMonths.SelectMany(months => result.Released.Select(p => (p, months)));
    }

    private async Task<List<JsonNode>> AllEmailsAsync()
    {
        var emails = new List<JsonNode>();
        var path = "api/emails?top=200";
        while (true)
        {
            var page = await fixture.GetAsync(path);
            emails.AddRange(page["emails"]!.AsArray().Select(e => e!));
            if (page["continuationToken"]?.GetValue<string>() is not { } token)
            {
                return emails;
            }

            path = $"api/emails?top=200&continuationToken={Uri.EscapeDataString(token)}";
        }
    }

    private static IEnumerable<JsonNode> Instances(JsonNode list) =>
        list is JsonArray array ? array.Select(i => i!) : list["instances"]!.AsArray().Select(i => i!);

    private static string Kind(JsonNode email) => email["kind"]!.GetValue<string>();

    private static List<string> Recipients(JsonNode email) => [.. email["to"]!.AsArray().Select(r => r!["address"]!.GetValue<string>())];

    private static string InstanceId(CaseResult result, string participantId, int months) =>
        string.Create(CultureInfo.InvariantCulture, $"followup-{result.ProgrammeId}-{participantId}-{months:D2}");
}
