using DurableTask.Core.Exceptions;
using Grpc.Core;
using IkmaWorkflow.Programmes.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace IkmaWorkflow.Programmes.Tests.Durable;

/// <summary>How the answers of Microsoft's durable client map to what the domain means: taken, missing, finished.</summary>
public sealed class OrchestrationInstancesTests
{
    [Fact]
    public async Task StartOnceAsync_IdFree_StartsRefusingAnExistingIdInEveryStatus()
    {
        var client = new FakeDurableClient();
        StartOrchestrationOptions? options = null;
        client.Mock.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => options = o)
            .ReturnsAsync("programme-prg-1");

        var started = await OrchestrationInstances.StartOnceAsync(client.Object, "ProgrammeOrchestration", "input", "programme-prg-1", CancellationToken.None);

        Assert.True(started);
        Assert.Equal("programme-prg-1", options!.InstanceId);
        Assert.Equal(Enum.GetNames<OrchestrationRuntimeStatus>().Order(), options.DedupeStatuses!.Order());
        Assert.Contains(nameof(OrchestrationRuntimeStatus.Completed), options.DedupeStatuses!);
    }

    [Fact]
    public async Task StartOnceAsync_IdTaken_False()
    {
        var client = new FakeDurableClient();
        client.Mock.SetupSequence(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OrchestrationAlreadyExistsException("exists"))
            .ThrowsAsync(FakeDurableClient.Rpc(StatusCode.AlreadyExists));

        Assert.False(await OrchestrationInstances.StartOnceAsync(client.Object, "MouOrchestration", "input", "mou-1", CancellationToken.None));
        Assert.False(await OrchestrationInstances.StartOnceAsync(client.Object, "MouOrchestration", "input", "mou-1", CancellationToken.None));
    }

    [Theory]
    [InlineData(null, InstanceSignal.NotFound)]
    [InlineData(OrchestrationRuntimeStatus.Completed, InstanceSignal.Finished)]
    [InlineData(OrchestrationRuntimeStatus.Failed, InstanceSignal.Finished)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, InstanceSignal.Finished)]
    public async Task RaiseEventAsync_MissingOrFinished_SaysSoWithoutRaising(OrchestrationRuntimeStatus? status, InstanceSignal expected)
    {
        var client = new FakeDurableClient();
        if (status is { } known)
        {
            client.Instances["followup-1"] = known;
        }

        var signal = await OrchestrationInstances.RaiseEventAsync(client.Object, "followup-1", "OutcomeReported", null, CancellationToken.None);

        Assert.Equal(expected, signal);
        Assert.Empty(client.Raised);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task RaiseEventAsync_NotFinished_Delivered(OrchestrationRuntimeStatus status)
    {
        var client = new FakeDurableClient();
        client.Instances["followup-1"] = status;

        var signal = await OrchestrationInstances.RaiseEventAsync(client.Object, "followup-1", "OutcomeReported", "payload", CancellationToken.None);

        Assert.Equal(InstanceSignal.Delivered, signal);
        Assert.Equal(("followup-1", "OutcomeReported", (object?)"payload"), Assert.Single(client.Raised));
    }

    [Theory]
    [InlineData(StatusCode.NotFound, InstanceSignal.NotFound)]
    [InlineData(StatusCode.FailedPrecondition, InstanceSignal.Finished)]
    public async Task RaiseEventAsync_FinishedMeanwhile_MapsDurableFunctionsAnswer(StatusCode code, InstanceSignal expected)
    {
        var client = new FakeDurableClient();
        client.Instances["followup-1"] = OrchestrationRuntimeStatus.Running;
        client.Failures["followup-1"] = FakeDurableClient.Rpc(code);

        Assert.Equal(expected, await OrchestrationInstances.RaiseEventAsync(client.Object, "followup-1", "OutcomeReported", null, CancellationToken.None));
        Assert.Equal(expected, await OrchestrationInstances.TerminateAsync(client.Object, "followup-1", "Erased", CancellationToken.None));
    }

    [Fact]
    public async Task RaiseEventAsync_SidecarUnavailable_Throws()
    {
        var client = new FakeDurableClient();
        client.Instances["followup-1"] = OrchestrationRuntimeStatus.Running;
        client.Failures["followup-1"] = FakeDurableClient.Rpc(StatusCode.Unavailable);

        var thrown = await Assert.ThrowsAsync<RpcException>(() => OrchestrationInstances.RaiseEventAsync(client.Object, "followup-1", "OutcomeReported", null, CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, thrown.StatusCode);
    }

    [Fact]
    public async Task TerminateAsync_Running_TerminatesWithTheOutput()
    {
        var client = new FakeDurableClient();
        client.Instances["followup-1"] = OrchestrationRuntimeStatus.Running;

        var signal = await OrchestrationInstances.TerminateAsync(client.Object, "followup-1", "Erased", CancellationToken.None);

        Assert.Equal(InstanceSignal.Delivered, signal);
        Assert.Equal(("followup-1", (object?)"Erased"), Assert.Single(client.Terminated));
    }
}
