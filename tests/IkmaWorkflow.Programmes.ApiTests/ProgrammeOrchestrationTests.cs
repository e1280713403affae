using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;
using Moq;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>The programme orchestration against a mocked context: what it sends and when, without storage.</summary>
public sealed class ProgrammeOrchestrationTests
{
    private static readonly DateTime Now = new(2024, 8, 1, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RunAsync_NewStage_AnnouncesItAndWaitsForTheNextChange()
    {
        var context = ContextAt(ProgrammeStage.AwaitingPlan, signalled: true);

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "AwaitingActivityLetter", 3));

        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), It.Is<ProgrammeNotice>(n => n.Kind == NoticeKind.StageChanged && n.Stage == ProgrammeStage.AwaitingPlan), null), Times.Once);
        context.Verify(c => c.SetCustomStatus(It.Is<ProgrammeStatus>(s => s.Stage == "AwaitingPlan" && s.WaitingForIndonesian == "rencana program (kelas, kuota, tanggal)")), Times.Once);
        context.Verify(c => c.ContinueAsNew(new ProgrammeProgress("prg-1", "AwaitingPlan", 0), true), Times.Once);
    }

    [Fact]
    public async Task RunAsync_NoFormWithinTheInterval_SendsNumberedReminder()
    {
        var context = ContextAt(ProgrammeStage.AwaitingPlan, signalled: false);

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "AwaitingPlan", 0));

        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), It.Is<ProgrammeNotice>(n => n.Kind == NoticeKind.StageChanged), null), Times.Never);
        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice("prg-1", NoticeKind.Reminder, ProgrammeStage.AwaitingPlan, 1, "programme-prg-1"), null), Times.Once);
        context.Verify(c => c.ContinueAsNew(new ProgrammeProgress("prg-1", "AwaitingPlan", 1), true), Times.Once);
    }

    [Fact]
    public async Task RunAsync_RemindersUsedUp_Escalates()
    {
        var context = ContextAt(ProgrammeStage.AwaitingClosingReport, signalled: false);

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "AwaitingClosingReport", 2));

        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice("prg-1", NoticeKind.Escalation, ProgrammeStage.AwaitingClosingReport, 3, "programme-prg-1"), null), Times.Once);
    }

    [Fact]
    public async Task RunAsync_Scheduled_RemindsTheDayBeforeTheWeek()
    {
        var start = Now.AddDays(10);
        var context = ContextAt(ProgrammeStage.Scheduled, signalled: false, next: start);

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "Scheduled", 0));

        context.Verify(c => c.WaitForExternalEvent<object?>(ProgrammeSignals.StageChangedEvent, TimeSpan.FromDays(9), It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), It.Is<ProgrammeNotice>(n => n.Kind == NoticeKind.Reminder && n.Stage == ProgrammeStage.Scheduled), null), Times.Once);
        context.Verify(c => c.ContinueAsNew(new ProgrammeProgress("prg-1", "Scheduled", 1), true), Times.Once);
    }

    [Fact]
    public async Task RunAsync_FollowUp_FinishesWithoutWaiting()
    {
        var context = ContextAt(ProgrammeStage.FollowUp, signalled: false);

        var result = await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "FollowUp", 0));

        Assert.Equal("FollowUp", result);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
        context.Verify(c => c.WaitForExternalEvent<object?>(It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_Certifying_IssuesEachQualifyingInParallelThenSummarisesAndMovesOn()
    {
        var context = ContextAt(ProgrammeStage.Certifying, signalled: false);
        context.Setup(c => c.CallActivityAsync<Qualification>(nameof(ListQualifyingParticipants), "prg-1", null)).ReturnsAsync(new Qualification(["p-a", "p-b"], 1));
        context.Setup(c => c.CallActivityAsync<CertificateSummary>(nameof(IssueCertificate), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => new CertificateSummary("WUB-" + ((CertificateRequest)input!).ParticipantId, "B. S."));
        context.Setup(c => c.CallActivityAsync<string>(nameof(CompleteCertification), "prg-1", null)).ReturnsAsync("FollowUp");

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "Certifying", 0));

        context.Verify(c => c.CallActivityAsync<CertificateSummary>(nameof(IssueCertificate), It.IsAny<object?>(), It.Is<TaskOptions?>(o => o!.Retry != null)), Times.Exactly(2));
        context.Verify(c => c.CallActivityAsync(nameof(NotifyCertificates), It.Is<CertificateBatch>(b => b.Certificates.Count == 2 && b.NotQualifying == 1), null), Times.Once);
        context.Verify(c => c.CallActivityAsync<string>(nameof(CompleteCertification), "prg-1", null), Times.Once);
        context.Verify(c => c.ContinueAsNew(new ProgrammeProgress("prg-1", "Certifying", 0), true), Times.Once);
    }

    [Fact]
    public async Task RunAsync_CertificateFailsAfterRetries_EscalatesAndDoesNotMoveOn()
    {
        var context = ContextAt(ProgrammeStage.Certifying, signalled: false);
        context.Setup(c => c.CallActivityAsync<Qualification>(nameof(ListQualifyingParticipants), "prg-1", null)).ReturnsAsync(new Qualification(["p-a"], 0));
        context.Setup(c => c.CallActivityAsync<CertificateSummary>(nameof(IssueCertificate), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ThrowsAsync(new TaskFailedException(nameof(IssueCertificate), 1, new TaskFailureDetails("System.IO.IOException", "blob unavailable")));

        await new ProgrammeOrchestration().RunAsync(context.Object, new ProgrammeProgress("prg-1", "Certifying", 0));

        context.Verify(c => c.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice("prg-1", NoticeKind.Escalation, ProgrammeStage.Certifying, 1, "programme-prg-1"), null), Times.Once);
        context.Verify(c => c.CallActivityAsync<string>(nameof(CompleteCertification), It.IsAny<object?>(), null), Times.Never);
        context.Verify(c => c.ContinueAsNew(new ProgrammeProgress("prg-1", "Certifying", 1), true), Times.Once);
    }

    private static Mock<TaskOrchestrationContext> ContextAt(ProgrammeStage stage, bool signalled, DateTime? next = null)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.InstanceId).Returns("programme-prg-1");
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CallActivityAsync<ProgrammeSnapshot>(nameof(ReadProgramme), "prg-1", null))
            .ReturnsAsync(new ProgrammeSnapshot("Bimtek", stage, next, TimeSpan.FromDays(7), 2));
        context.Setup(c => c.CallActivityAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), null)).Returns(Task.CompletedTask);
        var wait = context.Setup(c => c.WaitForExternalEvent<object?>(ProgrammeSignals.StageChangedEvent, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()));
        if (signalled)
        {
            wait.ReturnsAsync((object?)null);
        }
        else
        {
            wait.ThrowsAsync(new TaskCanceledException("no event"));
        }

        return context;
    }
}
