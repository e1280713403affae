using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The retention purge when its audit row cannot be written (docs/personal-data.md, "System steps"): the batch is
/// left as it is and the run fails, and the next run purges it with its row. A class of its own, with its own app, as
/// it removes the audit table for a while.
/// </summary>
public sealed class PurgeAuditFailureTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task RunAsync_AuditRowCannotBeWritten_ErasesNothingAndTheNextRunErasesWithItsRow()
    {
        var purger = ActivatorUtilities.CreateInstance<RetentionPurger>(
            fixture.Host.App.Services, ActivatorUtilities.CreateInstance<PersonalDataEraser>(fixture.Host.App.Services, fixture.Durable));
        var (programme, _, _) = await PrivacyScenario.CertifiedAsync(fixture);
        await PrivacyScenario.SetStageAsync(fixture, programme.Id, ProgrammeStage.FollowUp);
        var retention = (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programme.Id, ParticipantEntity.Prefix + programme.Inmate)).Value.RetentionUntil;
        fixture.MoveTo(DateText.Parse(retention).AddDays(1));

        // The audit table gone: the batch's row cannot be written, as when storage refuses the write.
        await fixture.Store.AuditLog.DeleteAsync();
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => purger.RunAsync(CancellationToken.None));

            foreach (var inmate in new[] { programme.Inmate, programme.SecondInmate })
            {
                Assert.True((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, inmate)).HasValue, $"{inmate} was erased without an audit row.");
                var row = (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programme.Id, ParticipantEntity.Prefix + inmate)).Value;
                Assert.Null(row.PersonalDataRemovedBecause);
            }
        }
        finally
        {
            await fixture.Store.AuditLog.CreateIfNotExistsAsync();
        }

        var next = await purger.RunAsync(CancellationToken.None);

        Assert.True(next.Participants >= 2, $"Purged {next.Participants} participant(s).");
        Assert.False((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Inmate)).HasValue);
        using var ministry = fixture.As("dg-ikma");
        var purged = Assert.Single(
            await AuditReads.EntriesAsync(ministry, fixture.Today, programmeId: null),
            e => e!["action"]!.GetValue<string>() == nameof(AuditAction.PersonalDataPurged) && e["programmeId"]?.GetValue<string>() == programme.Id)!;
        Assert.Equal(
            new[] { programme.Inmate, programme.SecondInmate }.Order(StringComparer.Ordinal),
            purged["subjectIds"]!.AsArray().Select(i => i!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
