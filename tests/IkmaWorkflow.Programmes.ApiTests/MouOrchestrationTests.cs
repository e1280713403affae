using System.Net;
using Microsoft.DurableTask.Client;
using IkmaWorkflow.Programmes.Agreements;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The MoU expiry watch started and ended by the forms, on Azurite (its unit tests are in IkmaWorkflow.Programmes.Tests).</summary>
public sealed class MouOrchestrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task RegisterRenewal_EndsTheWatchOfTheEarlierMou()
    {
        using var ministry = fixture.As("dg-ikma");
        var mou = new { number = $"KB.{Guid.NewGuid():N}", title = "Pembinaan kemandirian", partyIds = new[] { "dg-ikma", "ditjenpas" }, signedOn = "2024-02-01", validFrom = "2024-02-01", validUntil = "2027-01-31", scope = "Bimtek WUB" };
        var (first, firstBody) = await ministry.PostJsonAsync("api/mous", mou);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstId = firstBody!["id"]!.GetValue<string>();
        var client = fixture.Host.App.Services.GetRequiredService<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.WaitForInstanceStartAsync(MouOrchestration.InstanceIdOf(firstId), cancellation: timeout.Token);

        var (renewal, _) = await ministry.PostJsonAsync("api/mous", new { number = mou.number + "/P", mou.title, mou.partyIds, signedOn = "2026-12-01", validFrom = "2027-02-01", validUntil = "2032-01-31", mou.scope, renewsMouId = firstId });
        Assert.Equal(HttpStatusCode.Created, renewal.StatusCode);

        var done = await client.WaitForInstanceCompletionAsync(MouOrchestration.InstanceIdOf(firstId), getInputsAndOutputs: true, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Renewed", done.ReadOutputAs<string>());
    }
}
