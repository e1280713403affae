using Moq;

namespace IkmaWorkflow.DurableTask.Tests;

/// <summary>An orchestrator class unit tested against a mocked context, with no storage at all.</summary>
public sealed class OrchestratorUnitTests
{
    [Fact]
    public async Task RunAsync_AllParticipantsQualify_IssuesOneCertificateEachAndNotifiesOnce()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CallActivityAsync<string>("IssueCertificate", It.IsAny<object?>(), null))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => $"CERT-{input}");
        context.Setup(c => c.CallActivityAsync("NotifyCoordinators", It.IsAny<object?>(), null)).Returns(Task.CompletedTask);

        var certificates = await new CertificationOrchestrator().RunAsync(context.Object, ["P-001", "P-002", "P-003"]);

        Assert.Equal(["CERT-P-001", "CERT-P-002", "CERT-P-003"], certificates);
        context.Verify(c => c.CallActivityAsync<string>("IssueCertificate", It.IsAny<object?>(), null), Times.Exactly(3));
        context.Verify(c => c.CallActivityAsync("NotifyCoordinators", 3, null), Times.Once);
    }

    [Fact]
    public async Task RunAsync_OneCertificateFails_StillNotifiesWithTheOthers()
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.CallActivityAsync<string>("IssueCertificate", "P-002", null))
            .ThrowsAsync(new TaskFailedException("IssueCertificate", 1, new TaskFailureDetails("System.IO.IOException", "blob unavailable")));
        context.Setup(c => c.CallActivityAsync<string>("IssueCertificate", It.Is<object?>(i => (string?)i != "P-002"), null))
            .ReturnsAsync((TaskName _, object? input, TaskOptions? _) => $"CERT-{input}");
        context.Setup(c => c.CallActivityAsync("NotifyCoordinators", It.IsAny<object?>(), null)).Returns(Task.CompletedTask);

        var certificates = await new CertificationOrchestrator().RunAsync(context.Object, ["P-001", "P-002"]);

        Assert.Equal(["CERT-P-001"], certificates);
        context.Verify(c => c.CallActivityAsync("NotifyCoordinators", 1, null), Times.Once);
    }

    /// <summary>A small fan-out/fan-in orchestrator of the kind the programme workflow uses.</summary>
    private sealed class CertificationOrchestrator : TaskOrchestrator<string[], string[]>
    {
        public override async Task<string[]> RunAsync(TaskOrchestrationContext context, string[] input)
        {
            var issued = await Task.WhenAll(input.Select(async participant =>
            {
                try
                {
                    return await context.CallActivityAsync<string>("IssueCertificate", participant);
                }
                catch (TaskFailedException)
                {
                    return null;
                }
            }));
            var certificates = issued.OfType<string>().ToArray();
            await context.CallActivityAsync("NotifyCoordinators", certificates.Length);
            return certificates;
        }
    }
}
