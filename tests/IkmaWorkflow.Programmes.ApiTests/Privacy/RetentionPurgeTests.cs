using System.Net;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The daily retention purge on Azurite, with the app's clock moved years ahead: identities and personal-data photos
/// go when their retention ends, permanent documents and aggregate records stay, and a second run does nothing.
/// </summary>
public sealed class RetentionPurgeTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private RetentionPurger Purger => ActivatorUtilities.CreateInstance<RetentionPurger>(
        fixture.Host.App.Services, ActivatorUtilities.CreateInstance<PersonalDataEraser>(fixture.Host.App.Services, fixture.Durable));

    [Fact]
    public async Task RunAsync_ClockPastEachRetention_PurgesWhatEndedKeepsTheRestAndRepeatsNothing()
    {
        var (programme, inmateCertificate, officerCertificate) = await PrivacyScenario.CertifiedAsync(fixture);
        await PrivacyScenario.SetStageAsync(fixture, programme.Id, ProgrammeStage.FollowUp);
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var faces = await UploadAsync(facility, programme.Id, new { kind = "Photo", description = "Peserta membatik", identifiableFaces = true });
        var group = await UploadAsync(facility, programme.Id, new { kind = "Photo", description = "Suasana kelas dari belakang", identifiableFaces = false });
        var report = await UploadAsync(facility, programme.Id, new { kind = "Report", description = "Laporan penutupan" });
        var (mou, mouBody) = await ministry.PostMultipartAsync("api/mous", new
        {
            number = $"MOU-{Guid.NewGuid():N}"[..20],
            title = "Pembinaan wirausaha warga binaan",
            partyIds = new[] { "dg-ikma", "ditjenpas" },
            signedOn = FollowUpFixture.Text(fixture.Today),
            validFrom = FollowUpFixture.Text(fixture.Today),
            validUntil = FollowUpFixture.Text(fixture.Today.AddYears(5)),
            scope = "Pelatihan dan pendampingan",
        }, "%PDF-1.4 signed"u8.ToArray(), "mou.pdf", "application/pdf");
        Assert.True(mou.StatusCode == HttpStatusCode.Created, mouBody?.ToJsonString());
        var mouBlob = (await fixture.Store.Mous.GetEntityAsync<MouEntity>(MouEntity.Partition, mouBody!["id"]!.GetValue<string>())).Value.DocumentBlob!;

        var inmateRetention = DateText.Parse(await RetentionOfAsync(programme.Id, programme.Inmate));
        var officerRetention = DateText.Parse(await RetentionOfAsync(programme.Id, programme.Officer));
        Assert.True(officerRetention > inmateRetention, $"The officer's retention {officerRetention} should end after the inmates' {inmateRetention}.");

        var answersNamingTheInmate = new List<SubmissionEntity>();
        await foreach (var answer in fixture.Store.Submissions.QueryAsync<SubmissionEntity>())
        {
            // Stored sealed: the name is in the answer, never in clear in the table.
            Assert.DoesNotContain(PrivacyScenario.InmateName, answer.Body ?? string.Empty, StringComparison.Ordinal);
            if (fixture.Store.PersonalData.Open(answer.Body)?.Contains(PrivacyScenario.InmateName, StringComparison.Ordinal) == true)
            {
                answersNamingTheInmate.Add(answer);
            }
        }

        Assert.NotEmpty(answersNamingTheInmate);

        // The day after the inmates' retention ends.
        fixture.MoveTo(inmateRetention.AddDays(1));
        var first = await Purger.RunAsync(CancellationToken.None);

        Assert.True(first.Participants >= 2, $"Purged {first.Participants} participant(s).");
        Assert.True(first.Documents >= 1, $"Purged {first.Documents} document(s).");
        Assert.True(first.SubmissionAnswers >= answersNamingTheInmate.Count, $"Blanked names in {first.SubmissionAnswers} answer(s) older than 90 days.");
        foreach (var before in answersNamingTheInmate)
        {
            // The answer stays (a resend is still recognised), with its ids and without any name.
            var after = (await fixture.Store.Submissions.GetEntityAsync<SubmissionEntity>(before.PartitionKey, before.RowKey)).Value;
            var afterBody = fixture.Store.PersonalData.Open(after.Body);
            Assert.Equal((before.RequestHash, before.Status), (after.RequestHash, after.Status));
            Assert.True(fixture.Store.PersonalData.IsSealedWithCurrentKey(after.Body), "The redacted answer was stored unsealed.");
            Assert.Contains(programme.Inmate, afterBody, StringComparison.Ordinal);
            foreach (var name in new[] { PrivacyScenario.InmateName, PrivacyScenario.SecondInmateName, PrivacyScenario.OfficerName })
            {
                Assert.DoesNotContain(name, afterBody, StringComparison.Ordinal);
            }
        }

        foreach (var inmate in new[] { programme.Inmate, programme.SecondInmate })
        {
            Assert.False((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, inmate)).HasValue);
            var row = (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programme.Id, ParticipantEntity.Prefix + inmate)).Value;
            Assert.Equal(("RetentionEnded", "retention", null), (row.PersonalDataRemovedBecause, row.PersonalDataRemovedBy, row.ExpectedReleaseMonth));
        }

        Assert.True((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Officer)).HasValue);
        Assert.False(await BlobExistsAsync(fixture.Store.CertificateFiles, inmateCertificate.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.CertificateFiles, officerCertificate.BlobName));
        Assert.False(await BlobExistsAsync(fixture.Store.Documents, faces.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.Documents, group.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.Documents, report.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.Documents, mouBlob));
        var listed = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/documents"))!.AsArray().ToDictionary(d => d!["id"]!.GetValue<string>());
        Assert.True(listed[Id(faces)]!["purged"]!.GetValue<bool>());
        Assert.Contains("PersonalData", listed[Id(faces)]!["purgeReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(listed[Id(group)]!["purged"]!.GetValue<bool>());
        Assert.False(listed[Id(report)]!["purged"]!.GetValue<bool>());
        var names = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants");
        Assert.DoesNotContain(PrivacyScenario.InmateName, names!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(PrivacyScenario.OfficerName, names.ToJsonString(), StringComparison.Ordinal);
        var counted = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/report");
        Assert.Equal((3, 2), (counted!["tracks"]![0]!["enrolled"]!.GetValue<int>(), counted["tracks"]![0]!["certificatesValid"]!.GetValue<int>()));
        Assert.Equal((2, 1), (counted["documents"]!["Photo"]!.GetValue<int>(), counted["documents"]!["Report"]!.GetValue<int>()));

        // One audit row for the programme's participants purged, one for the answers blanked: ids and counts, no name.
        var audited = await AuditReads.EntriesAsync(ministry, fixture.Today, programmeId: null);
        var purgedRow = Assert.Single(audited, e => e!["action"]!.GetValue<string>() == nameof(AuditAction.PersonalDataPurged) && e["programmeId"]?.GetValue<string>() == programme.Id)!;
        Assert.Equal((AuditLog.SystemOrganisation, AuditLog.PurgeActor), (purgedRow["organisationId"]!.GetValue<string>(), purgedRow["credential"]!.GetValue<string>()));
        Assert.Equal(
            new[] { programme.Inmate, programme.SecondInmate }.Order(StringComparer.Ordinal),
            purgedRow["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
        var blankedRow = Assert.Single(audited, e => e!["action"]!.GetValue<string>() == nameof(AuditAction.KeptAnswersBlanked))!;
        Assert.Equal((AuditLog.PurgeActor, first.SubmissionAnswers), (blankedRow["credential"]!.GetValue<string>(), blankedRow["count"]!.GetValue<int>()));
        Assert.DoesNotContain(PrivacyScenario.InmateName, audited.ToJsonString(), StringComparison.Ordinal);

        var second = await Purger.RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionPurgeResult(FollowUpFixture.Text(fixture.Today), 0, 0, 0, 0, 0), second);

        // Nothing done, nothing logged.
        static int PurgeRows(System.Text.Json.Nodes.JsonArray entries) => entries.Count(e => e!["credential"]!.GetValue<string>() == AuditLog.PurgeActor);
        Assert.Equal(PurgeRows(audited), PurgeRows(await AuditReads.EntriesAsync(ministry, fixture.Today, programmeId: null)));

        // Past the officer's retention and five years after the week: the officer's name and the group photo go too.
        var later = officerRetention > programme.End.AddYears(5) ? officerRetention : programme.End.AddYears(5);
        fixture.MoveTo(later.AddDays(1));
        var third = await Purger.RunAsync(CancellationToken.None);

        Assert.True(third.Participants >= 1 && third.Documents >= 1, $"Third run: {third}.");
        Assert.False((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Officer)).HasValue);
        Assert.False(await BlobExistsAsync(fixture.Store.Documents, group.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.Documents, report.BlobName));
        Assert.True(await BlobExistsAsync(fixture.Store.Documents, mouBlob));
        using var anyone = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"api/verify/{officerCertificate.Number}")).StatusCode);
    }

    [Theory]
    [InlineData(RetentionTag.Permanent, null)]
    [InlineData(RetentionTag.ProgrammeRecord, "2034-09-07")]
    [InlineData(RetentionTag.Photo, "2029-09-07")]
    public void KeptUntil_Tag_CountsFromTheLastTrainingDay(RetentionTag tag, string? expected)
    {
        var programme = new ProgrammeEntity { Year = 2024, StartDate = "2024-09-03", EndDate = "2024-09-07" };

        var until = RetentionPurger.KeptUntil(tag, programme, [], [], new FollowUpOptions());

        Assert.Equal(expected, until is null ? null : DateText.Of(until.Value));
    }

    [Fact]
    public void KeptUntil_PersonalDataWhileACheckpointIsOpen_IsNotYetKnown()
    {
        var programme = new ProgrammeEntity { Year = 2024, StartDate = "2024-09-03", EndDate = "2024-09-07", Stage = nameof(ProgrammeStage.FollowUp) };
        var inmate = new ParticipantEntity { RowKey = ParticipantEntity.Prefix + "p-a", Type = "Inmate", ReleaseDate = "2025-01-31" };
        var open = new FollowUpEntity { RowKey = "followup|p-a|24", Months = 24, DueDate = "2027-01-31", Status = "Requested" };
        var options = new FollowUpOptions();

        Assert.Null(RetentionPurger.KeptUntil(RetentionTag.PersonalData, programme, [inmate], [open], options));
        open.Status = "Reported";
        Assert.Equal("2027-03-02", DateText.Of(RetentionPurger.KeptUntil(RetentionTag.PersonalData, programme, [inmate], [open], options)!.Value));
    }

    [Fact]
    public async Task RunAsync_EndedSessionsAndExpiredSignInLinks_DeletedCurrentOnesKept()
    {
        var now = fixture.Host.Clock.GetUtcNow();
        var (ended, current) = (RandomToken.New(), RandomToken.New());
        await fixture.Store.Sessions.AddEntityAsync(new SessionEntity { PartitionKey = ended, RowKey = SessionEntity.Row, CreatedAt = now.AddHours(-10), LastSeenAt = now.AddHours(-9) });
        await fixture.Store.Sessions.AddEntityAsync(new SessionEntity { PartitionKey = current, RowKey = SessionEntity.Row, CreatedAt = now.AddHours(-1), LastSeenAt = now });
        await fixture.Store.SignInLinks.AddEntityAsync(new SignInLinkEntity { PartitionKey = ended, RowKey = SignInLinkEntity.Row, CreatedAt = now.AddMinutes(-20), ExpiresAt = now.AddMinutes(-5), UsedAt = now.AddMinutes(-19) });
        await fixture.Store.SignInLinks.AddEntityAsync(new SignInLinkEntity { PartitionKey = current, RowKey = SignInLinkEntity.Row, CreatedAt = now, ExpiresAt = now.AddMinutes(15) });

        await Purger.RunAsync(CancellationToken.None);

        Assert.False((await fixture.Store.Sessions.GetEntityIfExistsAsync<SessionEntity>(ended, SessionEntity.Row)).HasValue);
        Assert.False((await fixture.Store.SignInLinks.GetEntityIfExistsAsync<SignInLinkEntity>(ended, SignInLinkEntity.Row)).HasValue);
        Assert.True((await fixture.Store.Sessions.GetEntityIfExistsAsync<SessionEntity>(current, SessionEntity.Row)).HasValue);
        Assert.True((await fixture.Store.SignInLinks.GetEntityIfExistsAsync<SignInLinkEntity>(current, SignInLinkEntity.Row)).HasValue);
    }

    private static string Id(DocumentEntity document) => document.RowKey[DocumentEntity.Prefix.Length..];

    private static async Task<bool> BlobExistsAsync(Azure.Storage.Blobs.BlobContainerClient container, string name) =>
        (await container.GetBlobClient(name).ExistsAsync()).Value;

    private async Task<string> RetentionOfAsync(string programmeId, string participantId) =>
        (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId)).Value.RetentionUntil;

    private async Task<DocumentEntity> UploadAsync(HttpClient client, string programmeId, object data)
    {
        var (response, body) = await client.PostMultipartAsync($"api/programmes/{programmeId}/documents", data, TestFiles.Jpeg(withGpsExif: false), "foto.jpg", "image/jpeg");
        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        return (await fixture.Store.Programmes.GetEntityAsync<DocumentEntity>(programmeId, DocumentEntity.Prefix + body!["id"]!.GetValue<string>())).Value;
    }
}
