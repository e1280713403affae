using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The <c>RetentionPurge</c> timer function as the app runs it standalone: its function.json schedule
/// (<c>%RetentionSchedule%</c>, default <c>0 0 19 * * *</c>) fires when the clock passes 19:00 UTC (02:00 WIB).
/// </summary>
public sealed class RetentionPurgeTimerTests(TimerFollowUpFixture fixture) : IClassFixture<TimerFollowUpFixture>
{
    [Fact]
    public async Task RetentionPurge_ClockPasses0200WibAfterRetention_DeletesTheIdentity()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        await PrivacyScenario.SetStageAsync(fixture, programme.Id, ProgrammeStage.FollowUp);
        var retention = DateText.Parse((await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programme.Id, ParticipantEntity.Prefix + programme.Inmate)).Value.RetentionUntil);

        // Each move to 07:30 WIB crosses one 19:00 UTC. The listener may still be settling its previous occurrence when
        // the clock jumps (it then waits for the next day), so the clock moves a day at a time until the purge has run.
        var day = retention.AddDays(1);
        var held = true;
        for (var attempt = 0; attempt < 5 && held; attempt++, day = day.AddDays(1))
        {
            fixture.MoveTo(day);
            var until = DateTime.UtcNow.AddSeconds(5);
            do
            {
                await Task.Delay(200);
                held = (await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Inmate)).HasValue;
            }
            while (held && DateTime.UtcNow < until);
        }

        Assert.False(held, $"The identity of {programme.Inmate} is still stored after its retention ended on {retention}.");
        // The purge removes the name first and marks the participant row a moment later.
        await Eventually.TrueAsync(
            async () => (await fixture.Store.Programmes.GetEntityAsync<ParticipantEntity>(programme.Id, ParticipantEntity.Prefix + programme.Inmate)).Value.PersonalDataRemovedBecause == "RetentionEnded",
            $"The participant row of {programme.Inmate} is not marked RetentionEnded after its name was purged.");
        Assert.True((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Officer)).HasValue);
    }
}
