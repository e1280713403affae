using System.Globalization;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>What ran behind the forms: the emails in the outbox and the orchestrations' histories.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class WorkflowTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task Emails_BothCases_StageAnnouncementsCertificateBatchesAndFollowUpRequestsToBapas()
    {
        var coordinators = DemoDirectory.People.Where(p => p.Role == "Coordinator").Select(p => FictionalNames.Email(p.Name, p.OrganisationId)).ToList();
        var bapasOfficer = DemoDirectory.People.Where(p => p.OrganisationId == DemoDirectory.BapasJakartaTimur).Select(p => FictionalNames.Email(p.Name, p.OrganisationId)).Single();
        var followUps = fixture.Cipinang.Released.Count * fixture.Cipinang.FollowUpMonths.Count;
        var emails = await Eventually.GetAsync(
            async () =>
            {
                var all = await AllEmailsAsync();
                return all.Count(e => Kind(e) == "certificate-batch-issued") == 2 && all.Count(e => Kind(e) == "follow-up-requested") == followUps ? all : null;
            },
            () => "two certificate batches and every follow-up request in GET /api/emails");

        foreach (var result in new[] { fixture.Tangerang, fixture.Cipinang })
        {
            var mine = emails.Where(e => e["dedupeKey"]!.GetValue<string>().Contains(result.ProgrammeId, StringComparison.Ordinal)).ToList();
            Assert.Contains(mine, e => Kind(e) == "programme-stage-changed");
            var batch = Assert.Single(mine, e => Kind(e) == "certificate-batch-issued");
            Assert.Equal(coordinators.Order(), Recipients(batch).Where(coordinators.Contains).Order());
            Assert.All(mine.Where(e => Kind(e) == "programme-stage-changed"), e => Assert.Superset(coordinators.ToHashSet(), Recipients(e).ToHashSet()));
        }

        var requests = emails.Where(e => Kind(e) == "follow-up-requested").ToList();
        Assert.All(requests, e => Assert.Equal([bapasOfficer], Recipients(e)));
        foreach (var months in fixture.Cipinang.FollowUpMonths)
        {
            foreach (var participantId in fixture.Cipinang.Released)
            {
                Assert.Single(requests, e => e["dedupeKey"]!.GetValue<string>().StartsWith(InstanceId(participantId, months) + "/", StringComparison.Ordinal));
            }
        }
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

    [Fact]
    public async Task FollowUpOrchestrations_Cipinang_CompletedReportedForEachCheckpoint()
    {
        foreach (var months in fixture.Cipinang.FollowUpMonths)
        {
            foreach (var participantId in fixture.Cipinang.Released)
            {
                var instanceId = InstanceId(participantId, months);
                var instance = await Eventually.GetAsync(
                    async () => await fixture.GetAsync($"api/durable/instances/{instanceId}?showHistory=true") is { } i && i["runtimeStatus"]!.GetValue<string>() == "Completed" ? i : null,
                    () => $"{instanceId} completed");

                Assert.Equal(("FollowUpOrchestration", "Reported", 0), (instance["name"]!.GetValue<string>(), instance["output"]!["status"]!.GetValue<string>(), instance["output"]!["remindersSent"]!.GetValue<int>()));
                var events = instance["historyEvents"]!.AsArray();
                Assert.Contains(events, e => e!["eventType"]!.GetValue<string>() == "TaskCompleted" && e["name"]?.GetValue<string>() == "RequestFollowUp");
                Assert.Contains(events, e => e!["eventType"]!.GetValue<string>() == "EventRaised" && e["name"]?.GetValue<string>() == "OutcomeReported");
            }
        }
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

    private string InstanceId(string participantId, int months) =>
        string.Create(CultureInfo.InvariantCulture, $"followup-{fixture.Cipinang.ProgrammeId}-{participantId}-{months:D2}");
}
