using System.Net;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The programme orchestration on Azurite, started and signalled by the forms, emailing through the outbox.</summary>
public sealed class ProgrammeWorkflowTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OpenAndAttachLetter_OrchestrationFollowsStagesAndEmailsCoordinators()
    {
        using var ministry = fixture.As("dg-ikma");
        var (person, _) = await ministry.PostJsonAsync("api/organisations/dg-ikma/people", new { name = "Koordinator <IKMA> & Co", email = "koordinator@kemenperin.go.id", role = "Coordinator" });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek WUB {Guid.NewGuid():N}", facilityId = "lapas-cipinang", year = 2024 });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var programmeId = programme!["id"]!.GetValue<string>();
        var client = fixture.Host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = ProgrammeSignals.InstanceIdOf(programmeId);

        var waiting = await EventuallyAsync(async () => (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<ProgrammeStatus>() is { Stage: "AwaitingActivityLetter" } status ? status : null, () => DescribeAsync(client, instanceId));
        Assert.Equal("the activity letter", waiting.WaitingFor);

        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{Random.Shared.Next(1000, 9999)}/IKMA.3/IND/VII/2024", letterDate = "2024-07-15", issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = 2024 });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);

        await EventuallyAsync(async () => (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))?.ReadCustomStatusAs<ProgrammeStatus>() is { Stage: "AwaitingPlan" } status ? status : null, () => DescribeAsync(client, instanceId));
        var outbox = fixture.Host.App.Services.GetRequiredService<EmailOutbox>();
        var emails = await EventuallyAsync(async () =>
        {
            var page = await outbox.ListAsync(50, null, CancellationToken.None);
            var mine = page.Emails.Where(e => e.DedupeKey.StartsWith(instanceId + "|", StringComparison.Ordinal)).ToList();
            return mine.Count >= 2 ? mine : null;
        }, () => DescribeAsync(client, instanceId));
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.Equal("programme-stage-changed", e.Kind));
        Assert.Contains(emails, e => e.Subject.Contains("menunggu rencana program", StringComparison.Ordinal));
        Assert.All(emails, e => Assert.DoesNotContain("<IKMA>", e.Html, StringComparison.Ordinal));
    }

    private static async Task<string> DescribeAsync(DurableTaskClient client, string instanceId)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        var history = instance is null ? [] : await client.GetHistoryAsync(instanceId);
        return $"instance {instanceId}: {instance?.RuntimeStatus.ToString() ?? "missing"}, custom status {instance?.SerializedCustomStatus}, failure {instance?.FailureDetails?.ErrorMessage}; history: {string.Join(", ", history.Select(e => e.GetType().Name))}";
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<Task<string>> describe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"The expected state was not reached within 30 s; {await describe()}");
            }

            await Task.Delay(200);
        }
    }
}
