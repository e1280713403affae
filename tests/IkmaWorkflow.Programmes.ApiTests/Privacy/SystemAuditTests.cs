using System.Net;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The audit rows beyond the API's own reads and writes (docs/personal-data.md, "Audit log"), read back through
/// <c>GET /api/audit</c> as a coordinator: a person signed in to the pages is named by their person id; the certificate
/// issuer, the email steps and the sign-in lookup each add a row as a system actor naming ids and never a name or
/// address; a resent form answered with a kept answer that names people adds a row for the caller.
/// </summary>
public sealed class SystemAuditTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private static readonly string[] Values =
    [
        PrivacyScenario.InmateName, PrivacyScenario.SecondInmateName, PrivacyScenario.OfficerName, "Rina Koordinator", FollowUpFixture.CoordinatorEmail, FollowUpFixture.OfficerEmail, "@",
    ];

    [Fact]
    public async Task PageUser_ReadingTheParticipantsPage_AuditRowNamesTheOrganisationAndThePerson()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        using var browser = await fixture.Host.SignedInAsync("lapas-cipinang", "psn-audit-page", PersonRole.FacilityStaff);

        using var page = await browser.GetAsync($"api/pages/programmes/{programme.Id}/participants");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(PrivacyScenario.InmateName, html, StringComparison.Ordinal);
        var read = (await AuditReads.EntriesAsync(ministry, fixture.Today, programme.Id))
            .First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.ParticipantNamesRead))!;
        Assert.Equal(
            ("lapas-cipinang", "session", "psn-audit-page"),
            (read["organisationId"]!.GetValue<string>(), read["credential"]!.GetValue<string>(), read["personId"]?.GetValue<string>()));
        Assert.Equal(
            new[] { programme.Inmate, programme.SecondInmate, programme.Officer }.Order(StringComparer.Ordinal),
            read["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiKeyCaller_AuditRowNamesNoPerson()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");

        await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants");

        var read = (await AuditReads.EntriesAsync(ministry, fixture.Today, programme.Id))
            .First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.ParticipantNamesRead))!;
        Assert.Equal(("dg-ikma", "api-key"), (read["organisationId"]!.GetValue<string>(), read["credential"]!.GetValue<string>()));
        Assert.Null(read["personId"]?.GetValue<string>());
    }

    [Fact]
    public async Task CertificateIssueAndDownload_AddRowsNamingTheParticipantNotTheName()
    {
        var (programme, inmateCertificate, _) = await PrivacyScenario.CertifiedAsync(fixture);
        using var ministry = fixture.As("dg-ikma");

        using var pdf = await ministry.GetAsync($"api/programmes/{programme.Id}/certificates/{inmateCertificate.Number}/pdf");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var entries = await AuditReads.EntriesAsync(ministry, fixture.Today, programme.Id);
        var downloaded = entries.First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.CertificatePdfRead))!;
        Assert.Equal(
            ("dg-ikma", "api-key", inmateCertificate.Number),
            (downloaded["organisationId"]!.GetValue<string>(), downloaded["credential"]!.GetValue<string>(), downloaded["detail"]!.GetValue<string>()));
        Assert.Equal([programme.Inmate], downloaded["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()));

        var printed = entries.Where(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.CertificateNamePrinted)).ToList();
        Assert.Equal(2, printed.Count);
        Assert.All(printed, e => Assert.Equal((AuditLog.SystemOrganisation, AuditLog.CertificatesActor, 1), (e!["organisationId"]!.GetValue<string>(), e["credential"]!.GetValue<string>(), e["count"]!.GetValue<int>())));
        Assert.Equal(
            new[] { programme.Inmate, programme.Officer }.Order(StringComparer.Ordinal),
            printed.Select(e => Assert.Single(e!["subjectIds"]!.AsArray())!.GetValue<string>()).Order(StringComparer.Ordinal));
        AssertNoValues(entries);
    }

    [Fact]
    public async Task StageEmail_AddsASystemRowNamingTheRecipientsByIdNotTheirAddresses()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        var coordinator = await PersonIdAsync("dg-ikma", FollowUpFixture.CoordinatorEmail);

        // The programme's orchestration emails each stage it entered; each email adds its row before it is queued.
        JsonArray entries = [];
        await Eventually.TrueAsync(
            async () =>
            {
                entries = await AuditReads.EntriesAsync(ministry, programme.Start.AddDays(-7), programme.Id);
                return entries.Any(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.RecipientsRead));
            },
            "no email of the programme was logged");

        var email = entries.First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.RecipientsRead))!;
        Assert.Equal((AuditLog.SystemOrganisation, AuditLog.NotificationsActor), (email["organisationId"]!.GetValue<string>(), email["credential"]!.GetValue<string>()));
        // The coordinators, and the facility's staff (another test of this class may have added one): ids only.
        Assert.Contains(coordinator, email["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(email["subjectIds"]!.AsArray().Count, email["count"]!.GetValue<int>());
        Assert.StartsWith("email ", email["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertNoValues(entries);
    }

    [Fact]
    public async Task SignInLookup_ByEmail_AddsASystemRowNamingThePersonFound()
    {
        using var ministry = fixture.As("dg-ikma");
        var officer = await PersonIdAsync("bapas-jakarta-timur", FollowUpFixture.OfficerEmail);

        var outcome = await SignInRequests.SignInByIdentityAsync(FollowUpFixture.OfficerEmail.ToUpperInvariant(), "entra", fixture.Store, fixture.Host.Clock, NullLogger.Instance, CancellationToken.None);

        Assert.IsType<Outcome.Done>(outcome);
        var entries = await AuditReads.EntriesAsync(ministry, fixture.Today, programmeId: null);
        var found = entries.First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.PeopleFoundByEmail))!;
        Assert.Equal(
            (AuditLog.SystemOrganisation, AuditLog.SignInActor, "bapas-jakarta-timur", "entra"),
            (found["organisationId"]!.GetValue<string>(), found["credential"]!.GetValue<string>(), found["subjectOrganisationId"]!.GetValue<string>(), found["detail"]!.GetValue<string>()));
        Assert.Equal([officer], found["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        AssertNoValues(entries);
    }

    [Fact]
    public async Task ResentForm_AnsweredWithAKeptAnswerNamingAPerson_AddsARowForTheCaller()
    {
        using var ministry = fixture.As("dg-ikma");
        var person = new { name = "Wulan Replay", email = "wulan.replay@ikma.example", role = "Coordinator" };
        var key = Guid.NewGuid().ToString("N");

        var (first, added) = await ministry.PostJsonAsync("api/organisations/dg-ikma/people", person, key);
        var (again, replayed) = await ministry.PostJsonAsync("api/organisations/dg-ikma/people", person, key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(added!.ToJsonString(), replayed!.ToJsonString());
        var personId = added["id"]!.GetValue<string>();
        var entries = await AuditReads.EntriesAsync(ministry, fixture.Today, programmeId: null);
        var replay = entries.First(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.KeptAnswerReplayed))!;
        Assert.Equal(("dg-ikma", "api-key"), (replay["organisationId"]!.GetValue<string>(), replay["credential"]!.GetValue<string>()));
        Assert.Equal([personId], replay["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Contains("organisations/{id}/people", replay["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Wulan", entries.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailOutboxRead_ByTheOperatorAndOnTheCoordinatorsPage_AddsRowsForEachReader()
    {
        await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        using var operatorClient = fixture.Host.Operator();
        using var browser = await fixture.Host.SignedInAsync("dg-ikma", "psn-audit-emails", PersonRole.Coordinator);

        // The programme's stage emails are in the outbox once its orchestration has announced a stage.
        var first = await Eventually.GetAsync(
            async () => (await operatorClient.GetJsonAsync("api/emails?top=1"))!["emails"]!.AsArray().FirstOrDefault()?["id"]?.GetValue<string>(),
            () => "no email in the outbox");
        await operatorClient.GetJsonAsync($"api/emails/{first}");
        using var page = await browser.GetAsync("api/pages/emails");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var reads = (await AuditReads.EntriesAsync(ministry, fixture.Today, null))
            .Where(e => e!["action"]!.GetValue<string>() == nameof(AuditAction.EmailsRead))
            .Select(e => (e!["organisationId"]!.GetValue<string>(), e["credential"]!.GetValue<string>(), e["personId"]?.GetValue<string>(), e["detail"]!.GetValue<string>()))
            .ToList();
        Assert.Contains(("operator", "operator-key", (string?)null, "list"), reads);
        Assert.Contains(("operator", "operator-key", (string?)null, $"email {first}"), reads);
        Assert.Contains(("dg-ikma", "session", (string?)"psn-audit-emails", "list"), reads);
    }

    private static void AssertNoValues(JsonArray entries)
    {
        var text = entries.ToJsonString();
        Assert.DoesNotContain(Values, value => text.Contains(value, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<string> PersonIdAsync(string organisationId, string email) =>
        Assert.Single(await SignInRequests.PeopleWithEmailAsync(fixture.Store, email, CancellationToken.None), p => p.PartitionKey == organisationId).RowKey;

}

/// <summary>Reads the audit log as a coordinator, through <c>GET /api/audit</c>.</summary>
internal static class AuditReads
{
    /// <summary>Every entry from <paramref name="from"/> to today (of one programme when given), every page, newest first.</summary>
    public static async Task<JsonArray> EntriesAsync(HttpClient coordinator, DateOnly from, string? programmeId)
    {
        var entries = new JsonArray();
        string? after = null;
        do
        {
            var query = $"api/audit?from={DateText.Of(from)}{(programmeId is null ? string.Empty : "&programmeId=" + programmeId)}{(after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after))}";
            var page = await coordinator.GetJsonAsync(query);
            foreach (var entry in page!["entries"]!.AsArray())
            {
                entries.Add(entry!.DeepClone());
            }

            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        return entries;
    }
}
