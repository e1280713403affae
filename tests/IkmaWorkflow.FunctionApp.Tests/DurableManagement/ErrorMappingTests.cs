using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>
/// The client's answers the test host never gives, as the Functions host's gRPC endpoint and the 1.28 gRPC client
/// give them, mapped to the API's answers.
/// </summary>
public sealed class ErrorMappingTests
{
    private const string Id = "bimtek-2025";

    private readonly Mock<DurableTaskClient> _client = MockClients.Create();

    private ManagementApi Api => new(_client.Object);

    [Fact]
    public async Task RaiseEvent_HostAnswersNotFound_Returns404()
    {
        // Purged between the read and the event.
        _client.Reads(Id, OrchestrationRuntimeStatus.Running);
        _client.Setup(c => c.RaiseEventAsync(Id, "approval", It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.NotFound, "No instance")));

        var response = await Api.PostAsync($"api/durable/instances/{Id}/raiseEvent/approval", "true");

        Assert.Equal(Id, response.AssertProblem(404, "instance-not-found").GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task RaiseEvent_HostRefusesAfterInstanceFinished_Returns410()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed);
        _client.Setup(c => c.RaiseEventAsync(Id, "approval", It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "The orchestration instance with the provided instance id is not running.")));

        var response = await Api.PostAsync($"api/durable/instances/{Id}/raiseEvent/approval", "true");

        response.AssertProblem(410, "instance-finished");
    }

    [Fact]
    public async Task RaiseEvent_HostRefusesWhileInstanceStillRuns_Returns503AndLogsTheStatus()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Running);
        _client.Setup(c => c.RaiseEventAsync(Id, "approval", It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "refused")));
        var api = Api;

        var response = await api.PostAsync($"api/durable/instances/{Id}/raiseEvent/approval", "true");

        response.AssertProblem(503, "storage-unavailable");
        Assert.Contains("gRPC status FailedPrecondition", Assert.Single(api.Log.Messages(707)), StringComparison.Ordinal);
        Assert.Empty(api.Log.Messages(702));
    }

    [Fact]
    public async Task Terminate_HostRefusesAfterInstanceFinished_Returns202()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed);
        _client.Setup(c => c.TerminateInstanceAsync(Id, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "InvalidOperationException: Cannot terminate")));

        var response = await Api.PostAsync($"api/durable/instances/{Id}/terminate?reason=x");

        response.AssertStatus(202);
    }

    [Fact]
    public async Task Terminate_RunningInstance_SendsReasonAndRecursive()
    {
        TerminateInstanceOptions? sent = null;
        _client.Reads(Id, OrchestrationRuntimeStatus.Running);
        _client.Setup(c => c.TerminateInstanceAsync(Id, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<string, TerminateInstanceOptions?, CancellationToken>((_, options, _) => sent = options)
            .Returns(Task.CompletedTask);

        (await Api.PostAsync($"api/durable/instances/{Id}/terminate?reason=salah%20input&recursive=true")).AssertStatus(202);

        Assert.Equal("salah input", sent?.Output);
        Assert.True(sent?.Recursive);
    }

    [Fact]
    public async Task Suspend_HostRefusesAfterAnotherOperatorSuspended_Returns202()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended);
        _client.Setup(c => c.SuspendInstanceAsync(Id, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "InvalidOperationException: Cannot suspend")));

        var response = await Api.PostAsync($"api/durable/instances/{Id}/suspend");

        response.AssertStatus(202);
    }

    [Fact]
    public async Task Resume_HostRefusesAfterAnotherOperatorResumed_Returns202()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Suspended, OrchestrationRuntimeStatus.Running);
        _client.Setup(c => c.ResumeInstanceAsync(Id, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.FailedPrecondition, "InvalidOperationException: Cannot resume")));

        var response = await Api.PostAsync($"api/durable/instances/{Id}/resume");

        response.AssertStatus(202);
    }

    [Fact]
    public async Task Resume_InstanceNotSuspended_SendsNothing()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Running);

        (await Api.PostAsync($"api/durable/instances/{Id}/resume")).AssertStatus(202);

        _client.Verify(c => c.ResumeInstanceAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    public static TheoryData<string> TakenIdAnswers => ["translated", "untranslated"];

    [Theory]
    [MemberData(nameof(TakenIdAnswers))]
    public async Task Start_IdTaken_Returns409(string answer)
    {
        Exception taken = answer == "translated"
            ? new OrchestrationAlreadyExistsException("An Orchestration instance with the ID bimtek-2025 already exists.")
            : new RpcException(new Status(StatusCode.AlreadyExists, "exists"));
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(taken);

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={Id}", "{}");

        Assert.Equal(Id, response.AssertProblem(409, "instance-already-exists").GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Start_HostRefusesTheId_Returns400InvalidInstanceId()
    {
        // The client's translation of the host's InvalidArgument.
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ArgumentException("Invalid argument for start instance request"));

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={Id}", "{}");

        response.AssertProblem(400, "invalid-instance-id");
    }

    [Fact]
    public async Task Start_AnyName_SchedulesDeclaredNameWithBodyAndEveryStatusDeduplicated()
    {
        (TaskName Name, object? Input, StartOrchestrationOptions? Options)? scheduled = null;
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((name, input, options, _) => scheduled = (name, input, options))
            .ReturnsAsync(Id);

        (await Api.PostAsync($"api/durable/orchestrators/aPpRoVaL?instanceId={Id}", """{"Requester":"Siti"}""")).AssertStatus(202);

        Assert.NotNull(scheduled);
        Assert.Equal(TestOrchestrations.Approval, scheduled.Value.Name.Name);
        Assert.Equal("Siti", Assert.IsType<System.Text.Json.JsonElement>(scheduled.Value.Input).GetProperty("Requester").GetString());
        Assert.Equal(Id, scheduled.Value.Options?.InstanceId);
        Assert.Equal(Enum.GetNames<OrchestrationRuntimeStatus>().Order(), scheduled.Value.Options?.DedupeStatuses?.Order());
    }

    [Fact]
    public async Task Purge_HostRefusesUnfinishedInstance_Returns409()
    {
        // Read as finished, then restarted before the purge: the client throws the host's FailedPrecondition as this.
        _client.Reads(Id, OrchestrationRuntimeStatus.Completed);
        _client.Setup(c => c.PurgeInstanceAsync(Id, It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("Only orchestrations in a terminal state can be purged"));

        var response = await Api.DeleteAsync($"api/durable/instances/{Id}");

        response.AssertProblem(409, "instance-not-finished");
    }

    [Fact]
    public async Task Purge_NothingDeleted_Returns404()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Failed);
        _client.Setup(c => c.PurgeInstanceAsync(Id, It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PurgeResult(0));

        var response = await Api.DeleteAsync($"api/durable/instances/{Id}");

        response.AssertProblem(404, "instance-not-found");
    }

    [Fact]
    public async Task Status_ClientWithoutHistory_Returns501()
    {
        // DurableTaskClient's own GetOrchestrationHistoryAsync: NotSupportedException.
        _client.Reads(Id, OrchestrationRuntimeStatus.Running);

        var response = await Api.GetAsync($"api/durable/instances/{Id}?showHistory=true");

        response.AssertProblem(501, "history-not-served");
    }

    [Fact]
    public async Task Status_HistoryOfInstancePurgedMeanwhile_Returns404()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Completed);
        _client.Setup(c => c.GetOrchestrationHistoryAsync(Id, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ArgumentException($"An orchestration with the instanceId {Id} was not found."));

        var response = await Api.GetAsync($"api/durable/instances/{Id}?showHistory=true");

        response.AssertProblem(404, "instance-not-found");
    }

    [Fact]
    public async Task Status_HistoryStreamFailsInHost_Returns503()
    {
        _client.Reads(Id, OrchestrationRuntimeStatus.Completed);
        _client.Setup(c => c.GetOrchestrationHistoryAsync(Id, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("An error occurred while retrieving the history", new RpcException(new Status(StatusCode.Internal, "storage"))));

        var response = await Api.GetAsync($"api/durable/instances/{Id}?showHistory=true");

        response.AssertProblem(503, "storage-unavailable");
    }

    [Theory]
    [InlineData(true, 400, "invalid-continuation-token")]
    [InlineData(false, 503, "storage-unavailable")]
    public async Task List_BackendFailsUnknown_IsTheTokenWhenOneWasSentElseTheBackend(bool withToken, int status, string problem)
    {
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((_, _, _) => throw new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler."))));

        var response = await Api.GetAsync("api/durable/instances" + (withToken ? "?continuationToken=abc" : string.Empty));

        response.AssertProblem(status, problem);
    }

    [Fact]
    public async Task List_FailedInstancesFromHostWithFailures_ReadsNoInstanceAgain()
    {
        var failed = MockClients.Instance(Id, OrchestrationRuntimeStatus.Failed, new TaskFailureDetails("System.InvalidOperationException", "Data peserta tidak lengkap.", null, null, null));
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>([failed], null))));

        var response = await Api.GetAsync("api/durable/instances?runtimeStatus=Failed");

        var instance = Assert.Single(response.AssertStatus(200).Json.EnumerateArray());
        Assert.Equal("Data peserta tidak lengkap.", instance.GetProperty("failureDetails").GetProperty("errorMessage").GetString());
        _client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
