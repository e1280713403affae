using System.Net;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Agreements;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The MoU expiry watch: unit tests on a mocked context, and the forms starting and ending it on Azurite.</summary>
public sealed class MouOrchestrationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly DateTime Now = new(2024, 8, 1, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_NeverRenewed_RemindsAt90And30And7DaysThenExpires()
    {
        var context = Context(renewed: false, notifyAnswer: true);

        var result = await new MouOrchestration().RunAsync(context.Object, new MouWatch("mou-1", Now.AddDays(200)));

        Assert.Equal("Expired", result);
        foreach (var days in new[] { 90, 30, 7 })
        {
            context.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyMouExpiring), new MouNotice("mou-1", days, "mou-mou-1"), null), Times.Once);
        }

        context.Verify(c => c.WaitForExternalEvent<object?>(MouOrchestration.RenewedEvent, TimeSpan.FromDays(110), CancellationToken.None), Times.Once);
    }

    [Fact]
    public async Task RunAsync_ExpiresIn20Days_SkipsRemindersAlreadyPast()
    {
        var context = Context(renewed: false, notifyAnswer: true);

        await new MouOrchestration().RunAsync(context.Object, new MouWatch("mou-1", Now.AddDays(20)));

        context.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyMouExpiring), It.Is<MouNotice>(n => n.DaysBefore != 7), null), Times.Never);
        context.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyMouExpiring), It.Is<MouNotice>(n => n.DaysBefore == 7), null), Times.Once);
    }

    [Fact]
    public async Task RunAsync_RenewedBeforeFirstReminder_SendsNothing()
    {
        var context = Context(renewed: true, notifyAnswer: true);

        var result = await new MouOrchestration().RunAsync(context.Object, new MouWatch("mou-1", Now.AddDays(200)));

        Assert.Equal("Renewed", result);
        context.Verify(c => c.CallActivityAsync<bool>(nameof(NotifyMouExpiring), It.IsAny<object?>(), null), Times.Never);
    }

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

    private static Mock<TaskOrchestrationContext> Context(bool renewed, bool notifyAnswer)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.InstanceId).Returns("mou-mou-1");
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CallActivityAsync<bool>(nameof(NotifyMouExpiring), It.IsAny<object?>(), null)).ReturnsAsync(notifyAnswer);
        var wait = context.Setup(c => c.WaitForExternalEvent<object?>(MouOrchestration.RenewedEvent, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()));
        if (renewed)
        {
            wait.ReturnsAsync((object?)null);
        }
        else
        {
            wait.ThrowsAsync(new TaskCanceledException("no renewal"));
        }

        return context;
    }
}
