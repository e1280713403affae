using System.Net;
using IkmaWorkflow.Programmes.FollowUps;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>
/// The <c>FollowUpScan</c> timer function as the app runs it standalone: its function.json schedule
/// (<c>%FollowUpSchedule%</c>, default <c>0 0 1 * * *</c>) fires when the clock passes 01:00 UTC (08:00 WIB).
/// </summary>
public sealed class FollowUpTimerTests(TimerFollowUpFixture fixture) : IClassFixture<TimerFollowUpFixture>
{
    [Fact]
    public async Task FollowUpScan_ClockPasses0800Wib_StartsTheDueCheckpoint()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var released = fixture.Today;
        var (response, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/release", new { releaseDate = FollowUpFixture.Text(released), route = "Parole" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checkpoint = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);

        // Each move crosses one 01:00 UTC. The listener may still be settling its previous occurrence when the clock
        // jumps (it then waits for the next day), so the clock moves a day at a time until the scan has run.
        var day = released.AddMonths(1);
        string? status = null;
        for (var attempt = 0; attempt < 5 && status != CheckpointStatus.Requested; attempt++, day = day.AddDays(1))
        {
            fixture.MoveTo(day);
            var until = DateTime.UtcNow.AddSeconds(5);
            do
            {
                await Task.Delay(200);
                var row = await fixture.Store.Programmes.GetEntityAsync<FollowUpEntity>(programme.Id, checkpoint.RowKey);
                status = row.Value.Status;
            }
            while (status != CheckpointStatus.Requested && DateTime.UtcNow < until);
        }

        Assert.Equal(CheckpointStatus.Requested, status);
        Assert.NotNull(await fixture.Durable.GetInstanceAsync(checkpoint.InstanceId));
        Assert.Equal("Scheduled", (await fixture.Store.Programmes.GetEntityAsync<FollowUpEntity>(programme.Id, FollowUpEntity.RowFor(programme.Inmate, 6))).Value.Status);
    }
}
