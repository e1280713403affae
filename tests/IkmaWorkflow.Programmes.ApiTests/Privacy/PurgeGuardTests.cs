using System.Net;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The daily purge never erases a participant whose programme is still running or whose follow-up is not over, even
/// when a stored retention date says otherwise (a release month mistyped as 1900-01 set it to 1903, as issue 11 found);
/// and it deletes photos on their retention tags, not before.
/// </summary>
public sealed class PurgeGuardTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private RetentionPurger Purger => ActivatorUtilities.CreateInstance<RetentionPurger>(
        fixture.Host.App.Services, ActivatorUtilities.CreateInstance<PersonalDataEraser>(fixture.Host.App.Services, fixture.Durable));

    [Fact]
    public async Task RunAsync_RetentionPastInARunningProgramme_ErasesNobody()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        await MistypeReleaseMonthAsync(programme.Id, programme.Inmate);

        var result = await Purger.RunAsync(CancellationToken.None);

        Assert.Equal((0, 0), (result.Participants, result.OrphanIdentities));
        await AssertKeptAsync(programme.Id, programme.Inmate);
    }

    [Fact]
    public async Task RunAsync_RetentionPastWhileTheParticipantsFollowUpRuns_ErasesNobodyUntilItEnds()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        await PrivacyScenario.ReleaseAsync(fixture, programme.Id, programme.Inmate, fixture.Today);
        await PrivacyScenario.SetStageAsync(fixture, programme.Id, ProgrammeStage.FollowUp);
        await MistypeReleaseMonthAsync(programme.Id, programme.Inmate);

        var during = await Purger.RunAsync(CancellationToken.None);

        Assert.Equal((0, 0), (during.Participants, during.OrphanIdentities));
        await AssertKeptAsync(programme.Id, programme.Inmate);

        // Every checkpoint answered or given up, and the last one's time to answer over: the follow-up has ended.
        foreach (var checkpoint in await ProgrammeQueries.RowsAsync<FollowUpEntity>(fixture.Store, programme.Id, $"{FollowUpEntity.Prefix}{programme.Inmate}|", CancellationToken.None))
        {
            checkpoint.Status = CheckpointStatus.Unreachable;
            await fixture.Store.Programmes.UpdateEntityAsync(checkpoint, checkpoint.ETag, TableUpdateMode.Replace);
        }

        fixture.MoveTo(fixture.Today.AddMonths(25).AddDays(31));
        var after = await Purger.RunAsync(CancellationToken.None);

        Assert.True(after.Participants >= 1, $"Purged {after.Participants} participant(s).");
        Assert.False((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Inmate)).HasValue);
    }

    [Fact]
    public async Task RunAsync_Photos_PurgedOnTheirTagsNotBefore()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        await PrivacyScenario.ReleaseAsync(fixture, programme.Id, programme.Inmate, fixture.Today);
        await PrivacyScenario.SetStageAsync(fixture, programme.Id, ProgrammeStage.FollowUp);
        var group = await UploadPhotoAsync(programme.Id, identifiableFaces: false);
        var faces = await UploadPhotoAsync(programme.Id, identifiableFaces: true);

        // Five years after the week (the Photo tag's last day), with the inmate's checkpoints still open: both stay.
        fixture.MoveTo(programme.End.AddYears(5));
        await Purger.RunAsync(CancellationToken.None);
        Assert.Equal((true, true), (await BlobExistsAsync(group), await BlobExistsAsync(faces)));

        // The day after, the group photo goes; the one with faces waits for the end of the follow-up.
        fixture.MoveTo(programme.End.AddYears(5).AddDays(1));
        await Purger.RunAsync(CancellationToken.None);
        Assert.Equal((false, true), (await BlobExistsAsync(group), await BlobExistsAsync(faces)));

        foreach (var checkpoint in await ProgrammeQueries.RowsAsync<FollowUpEntity>(fixture.Store, programme.Id, FollowUpEntity.Prefix, CancellationToken.None))
        {
            checkpoint.Status = CheckpointStatus.Reported;
            await fixture.Store.Programmes.UpdateEntityAsync(checkpoint, checkpoint.ETag, TableUpdateMode.Replace);
        }

        await Purger.RunAsync(CancellationToken.None);
        Assert.False(await BlobExistsAsync(faces));
        using var ministry = fixture.As("dg-ikma");
        var listed = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/documents"))!.AsArray();
        Assert.All(listed, d => Assert.True(d!["purged"]!.GetValue<bool>()));
        Assert.Equal(["Retention Photo", "Retention PersonalData"], listed.OrderBy(d => d!["identifiableFaces"]!.GetValue<bool>()).Select(d => d!["purgeReason"]!.GetValue<string>()[..d["purgeReason"]!.GetValue<string>().IndexOf(" ended", StringComparison.Ordinal)]));
    }

    private async Task<DocumentEntity> UploadPhotoAsync(string programmeId, bool identifiableFaces)
    {
        using var facility = fixture.As("lapas-cipinang");
        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programmeId}/documents", new { kind = "Photo", description = identifiableFaces ? "Peserta membatik" : "Kain batik peserta", identifiableFaces }, TestFiles.Jpeg(withGpsExif: true), "foto.jpg", "image/jpeg");
        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        return (await fixture.Store.Programmes.GetEntityAsync<DocumentEntity>(programmeId, DocumentEntity.Prefix + body!["id"]!.GetValue<string>())).Value;
    }

    private async Task<bool> BlobExistsAsync(DocumentEntity document) => (await fixture.Store.Documents.GetBlobClient(document.BlobName).ExistsAsync()).Value;

    // The stored retention dates as a release month of 1900-01 left them before the range check: 1903-01-31.
    private async Task MistypeReleaseMonthAsync(string programmeId, string participantId)
    {
        var participant = (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId)).Value;
        participant.ExpectedReleaseMonth = "1900-01";
        participant.RetentionUntil = "1903-01-31";
        await fixture.Store.Programmes.UpdateEntityAsync(participant, participant.ETag, TableUpdateMode.Replace);
        var identity = (await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programmeId, participantId)).Value;
        identity.RetentionUntil = "1903-01-31";
        await fixture.Store.Identities.UpdateEntityAsync(identity, identity.ETag, TableUpdateMode.Replace);
    }

    private async Task AssertKeptAsync(string programmeId, string participantId)
    {
        var participant = (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId)).Value;
        Assert.Null(participant.PersonalDataRemovedAt);
        var identity = await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programmeId, participantId);
        Assert.True(identity.HasValue, "The participant's name was deleted.");
        Assert.Equal(PrivacyScenario.InmateName, fixture.Store.PersonalData.OpenText(identity.Value!.SealedFullName));
        using var ministry = fixture.As("dg-ikma");
        var (response, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/participants/{participantId}/release", new { releaseDate = FollowUpFixture.Text(fixture.Today.AddDays(1)), route = "Parole" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
