using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Standalone;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// Names sealed in storage and the audit log of personal data, over HTTP in the whole app on Azurite: a raw table
/// read shows no name while the app shows them; an app with another key answers a clear problem, not garbage; an
/// enrolment and a participant list each add an audit row naming who and what; only coordinators read the log; and
/// no route changes or deletes it.
/// </summary>
public sealed class EncryptionAndAuditTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private static readonly string[] Names = [PrivacyScenario.InmateName, PrivacyScenario.SecondInmateName, PrivacyScenario.OfficerName];

    [Fact]
    public async Task Enrolment_RawIdentityRows_HoldNoClearNameAndTheAppShowsThem()
    {
        var programme = await fixture.TrainedProgrammeAsync();

        var rows = new List<TableEntity>();
        await foreach (var row in fixture.Store.Identities.QueryAsync<TableEntity>(e => e.PartitionKey == programme.Id))
        {
            rows.Add(row);
        }

        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            Assert.StartsWith("v1:", row.GetString("FullName"), StringComparison.Ordinal);
            foreach (var (_, value) in row)
            {
                Assert.DoesNotContain(Names, name => (value?.ToString() ?? string.Empty).Contains(name, StringComparison.OrdinalIgnoreCase));
            }
        }

        using var facility = fixture.As("lapas-cipinang");
        var listed = await facility.GetJsonAsync($"api/programmes/{programme.Id}/participants");
        Assert.Equal(Names.Order(StringComparer.Ordinal), listed!.AsArray().Select(p => p!["fullName"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ParticipantList_AppWithAnotherKey_AnswersAProblemNamingTheKeyNotGarbage()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        await using var other = await AppHost.StartAsync(
            fixture.ConnectionString,
            fixture.Host.Clock.GetUtcNow(),
            new Dictionary<string, string?>
            {
                ["PersonalData:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["AzureWebJobs.FollowUpScan.Disabled"] = "true",
                ["AzureWebJobs.RetentionPurge.Disabled"] = "true",
            },
            fixture.Host.Prefix);
        using var operatorClient = other.Operator();

        var response = await operatorClient.GetAsync($"api/programmes/{programme.Id}/participants");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("personal-data-key", text, StringComparison.Ordinal);
        Assert.Contains("PersonalData__EncryptionKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("v1:", text, StringComparison.Ordinal);
        using var ministry = fixture.As("dg-ikma");
        Assert.Equal(3, (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants"))!.AsArray().Count);
    }

    [Fact]
    public async Task EnrolmentAndParticipantList_EachAddAnAuditRowNamingWhoAndWhat()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var before = await AuditAsync(ministry, programme.Id);
        var enrolled = Assert.Single(before, e => e!["action"]!.GetValue<string>() == nameof(AuditAction.ParticipantsEnrolled))!;
        Assert.Equal("lapas-cipinang", enrolled["organisationId"]!.GetValue<string>());
        Assert.Equal("api-key", enrolled["credential"]!.GetValue<string>());
        Assert.Equal(
            new[] { programme.Inmate, programme.SecondInmate, programme.Officer }.Order(StringComparer.Ordinal),
            enrolled["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.EndsWith("+07:00", enrolled["at"]!.GetValue<string>(), StringComparison.Ordinal);

        await facility.GetJsonAsync($"api/programmes/{programme.Id}/participants");

        var after = await AuditAsync(ministry, programme.Id);
        Assert.Equal(before.Count + 1, after.Count);
        var read = after[0]!;
        Assert.Equal((nameof(AuditAction.ParticipantNamesRead), "lapas-cipinang", programme.Id), (read["action"]!.GetValue<string>(), read["organisationId"]!.GetValue<string>(), read["programmeId"]!.GetValue<string>()));
        Assert.Equal(3, read["subjectIds"]!.AsArray().Count);
        Assert.DoesNotContain(Names, name => after.ToJsonString().Contains(name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ParticipantList_OfAPartnerWithoutNames_AddsNoAuditRow()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var partner = fixture.As("ditjenpas");
        using var ministry = fixture.As("dg-ikma");
        var before = (await AuditAsync(ministry, programme.Id)).Count;

        var listed = await partner.GetJsonAsync($"api/programmes/{programme.Id}/participants");

        Assert.All(listed!.AsArray(), p => Assert.Null(p!["fullName"]?.GetValue<string>()));
        Assert.Equal(before, (await AuditAsync(ministry, programme.Id)).Count);
    }

    [Theory]
    [InlineData("lapas-cipinang")]
    [InlineData("ditjenpas")]
    [InlineData("bapas-jakarta-timur")]
    public async Task AuditRead_NotACoordinator_Forbidden(string organisation)
    {
        using var client = fixture.As(organisation);

        var response = await client.GetAsync("api/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("from=2024-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2024-08-10&to=2024-08-01", "from")]
    [InlineData("from=2022-01-01&to=2024-08-01", "from")]
    [InlineData("after=nonsense", "after")]
    public async Task AuditRead_BadQuery_InvalidNamingTheParameter(string query, string field)
    {
        using var ministry = fixture.As("dg-ikma");

        var response = await ministry.GetAsync($"api/audit?{query}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![field]);
        Assert.NotNull(body["indonesianErrors"]![field]);
    }

    [Fact]
    public async Task AuditRead_MoreThanAPage_PagesWithNextUntilEveryEntryIsRead()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        for (var i = 0; i < AuditLog.PageSize + 5; i++)
        {
            await AuditLog.RecordAsync(fixture.Store, fixture.Host.Clock, Access.Caller.Operator, AuditAction.ParticipantNamesRead, programme.Id, null, [programme.Inmate], CancellationToken.None);
        }

        var all = await AuditAsync(ministry, programme.Id);

        Assert.True(all.Count >= AuditLog.PageSize + 6, $"{all.Count} entries read.");
        Assert.Equal(all.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).OrderDescending(), all.Select(e => e!["at"]!.GetValue<DateTimeOffset>()));
    }

    [Fact]
    public async Task AuditLog_ThroughTheApi_NoRouteChangesOrDeletesIt()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        var before = await AuditAsync(ministry, programme.Id);

        var routes = fixture.Host.App.Services.GetRequiredService<FunctionCatalog>().OfKind(TriggerKind.Http)
            .Select(f => (f.Name, Trigger: (HttpTriggerAttribute)f.TriggerAttribute))
            .Where(f => f.Trigger.Route!.StartsWith("audit", StringComparison.OrdinalIgnoreCase))
            .Select(f => $"{f.Name} {string.Join(',', f.Trigger.Methods!)} {f.Trigger.Route}");
        Assert.Equal(["AuditLogRead get audit"], routes);
        foreach (var method in new[] { "POST", "PUT", "PATCH", "DELETE" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"api/audit?programmeId={programme.Id}") { Content = new StringContent("{}") };
            using var response = await ministry.SendAsync(request);
            Assert.False(response.IsSuccessStatusCode, $"{method} /api/audit answered {(int)response.StatusCode}.");
        }

        Assert.Equal(before.ToJsonString(), (await AuditAsync(ministry, programme.Id)).ToJsonString());
    }

    // Every entry about the programme since the fixture's start made for a caller, every page, newest first. The app's
    // own steps (the programme's stage emails, logged as they are queued) add rows at their own pace: left out.
    private async Task<JsonArray> AuditAsync(HttpClient coordinator, string programmeId)
    {
        var entries = new JsonArray();
        var from = DateText.Of(fixture.Today.AddDays(-60));
        string? after = null;
        do
        {
            var page = await coordinator.GetJsonAsync($"api/audit?from={from}&programmeId={programmeId}{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}");
            foreach (var entry in page!["entries"]!.AsArray().Where(e => e!["organisationId"]!.GetValue<string>() != AuditLog.SystemOrganisation))
            {
                entries.Add(entry!.DeepClone());
            }

            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        return entries;
    }
}
