using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Moq;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>
/// History as the Functions host serves it (StreamInstanceHistory, DurableTask.Core events as the 1.28 client converts
/// them), which the test host's sidecar does not: the client is mocked to answer with real history events.
/// </summary>
public sealed class HistoryTests
{
    private const string Id = "bimtek-2025";
    private static readonly DateTime Start = new(2025, 3, 3, 1, 0, 0, DateTimeKind.Utc);

    private readonly Mock<DurableTaskClient> _client = MockClients.Create();

    [Fact]
    public async Task Status_ShowHistoryAndHideInput_ListsStepsWithoutInput()
    {
        Serve(OrchestrationRuntimeStatus.Completed,
            new OrchestratorStartedEvent(-1),
            new ExecutionStartedEvent(-1, "\"Budi\"") { Name = TestOrchestrations.Greeting },
            new TaskScheduledEvent(0, "Greet", null, "\"Budi\""),
            new OrchestratorCompletedEvent(-1),
            new OrchestratorStartedEvent(-1),
            new TaskCompletedEvent(-1, 0, "\"Halo, Budi!\""),
            new ExecutionCompletedEvent(1, "\"Halo, Budi!\"", OrchestrationStatus.Completed, null),
            new OrchestratorCompletedEvent(-1));
        var api = new ManagementApi(_client.Object);

        var withOutput = await api.GetAsync($"api/durable/instances/{Id}?showHistory=true&showHistoryOutput=true&showInput=false");
        var withoutOutput = await api.GetAsync($"api/durable/instances/{Id}?showHistory=true");

        withOutput.AssertStatus(200);
        Assert.Equal(JsonValueKind.Null, withOutput.Json.GetProperty("input").ValueKind);
        var events = withOutput.Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal(TestOrchestrations.Greeting, events[0].GetProperty("name").GetString());
        Assert.Equal("Budi", events[0].GetProperty("input").GetString());
        Assert.Equal("Greet", events[1].GetProperty("name").GetString());
        Assert.Equal(0, events[1].GetProperty("taskId").GetInt32());
        Assert.Equal("Greet", events[2].GetProperty("name").GetString());
        Assert.Equal("Halo, Budi!", events[2].GetProperty("result").GetString());
        Assert.Equal("Completed", events[3].GetProperty("runtimeStatus").GetString());
        Assert.Equal("2025-03-03T01:00:01Z", events[0].GetProperty("timestamp").GetString());
        Assert.Equal("2025-03-03T08:00:01+07:00", events[0].GetProperty("timestampWib").GetString());
        Assert.Equal("2025-03-03T01:00:06Z", events[3].GetProperty("timestamp").GetString());

        Assert.Equal("Siti", withoutOutput.Json.GetProperty("input").GetProperty("Requester").GetString());
        var quiet = withoutOutput.Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(4, quiet.Count);
        Assert.All(quiet, e => Assert.False(e.TryGetProperty("result", out _) || e.TryGetProperty("input", out _), "History payloads are shown only with showHistoryOutput=true."));
    }

    [Fact]
    public async Task Status_SuspendedResumedAndTerminated_ShowsEachReason()
    {
        Serve(OrchestrationRuntimeStatus.Terminated,
            new ExecutionStartedEvent(-1, null) { Name = TestOrchestrations.Approval },
            new ExecutionSuspendedEvent(-1, "audit"),
            new EventRaisedEvent(-1, "\"ok\"") { Name = "approval" },
            new ExecutionResumedEvent(-1, "selesai"),
            new ExecutionTerminatedEvent(-1, "\"salah input\""),
            new ExecutionCompletedEvent(-1, "\"salah input\"", OrchestrationStatus.Terminated, null));

        var response = await new ManagementApi(_client.Object).GetAsync($"api/durable/instances/{Id}?showHistory=true&showHistoryOutput=true");

        var events = response.AssertStatus(200).Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "ExecutionSuspended", "EventRaised", "ExecutionResumed", "ExecutionTerminated", "ExecutionCompleted"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("audit", events[1].GetProperty("reason").GetString());
        Assert.Equal("approval", events[2].GetProperty("name").GetString());
        Assert.Equal("ok", events[2].GetProperty("input").GetString());
        Assert.Equal("selesai", events[3].GetProperty("reason").GetString());
        Assert.Equal("salah input", events[4].GetProperty("reason").GetString());
        Assert.Equal("Terminated", events[5].GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Status_TimersSubOrchestrationsAndFailures_NamesOutcomesAfterTheirTask()
    {
        var fireAt = Start.AddDays(30);
        var failure = new FailureDetails("System.TimeoutException", "Lapas tidak menjawab.", "at Notify()", null, false);
        Serve(OrchestrationRuntimeStatus.Failed,
            new ExecutionStartedEvent(-1, null) { Name = "ProgrammeOrchestration" },
            new TimerCreatedEvent(0, fireAt),
            new TimerFiredEvent(-1, fireAt) { TimerId = 0 },
            new SubOrchestrationInstanceCreatedEvent(1) { Name = "FollowUpOrchestration", InstanceId = "follow-up-1", Input = "{}" },
            new SubOrchestrationInstanceCompletedEvent(-1, 1, "true"),
            new TaskScheduledEvent(2, "NotifyProgramme", null, null),
            new TaskFailedEvent(-1, 2, null, null, failure),
            new ExecutionCompletedEvent(3, null, OrchestrationStatus.Failed, failure));

        var response = await new ManagementApi(_client.Object).GetAsync($"api/durable/instances/{Id}?showHistory=true");

        var events = response.AssertStatus(200).Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(
            ["ExecutionStarted", "TimerCreated", "TimerFired", "SubOrchestrationCreated", "SubOrchestrationCompleted", "TaskScheduled", "TaskFailed", "ExecutionCompleted"],
            events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("2025-04-02T01:00:00Z", events[1].GetProperty("fireAt").GetString());
        Assert.Equal("2025-04-02T08:00:00+07:00", events[2].GetProperty("fireAtWib").GetString());
        Assert.Equal(0, events[2].GetProperty("taskId").GetInt32());
        Assert.Equal("follow-up-1", events[3].GetProperty("instanceId").GetString());
        Assert.Equal("FollowUpOrchestration", events[4].GetProperty("name").GetString());
        Assert.Equal("NotifyProgramme", events[6].GetProperty("name").GetString());
        Assert.Equal("Lapas tidak menjawab.", events[6].GetProperty("failureDetails").GetProperty("errorMessage").GetString());
        Assert.Equal("System.TimeoutException", events[7].GetProperty("failureDetails").GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Status_PendingInstanceWithoutHistory_Returns202WithEmptyHistory()
    {
        Serve(OrchestrationRuntimeStatus.Pending);

        var response = await new ManagementApi(_client.Object).GetAsync($"api/durable/instances/{Id}?showHistory=true");

        response.AssertStatus(202);
        Assert.Empty(response.Json.GetProperty("historyEvents").EnumerateArray());
    }

    // The instance in that status, and its history with a second between events, as the host streams it.
    private void Serve(OrchestrationRuntimeStatus status, params HistoryEvent[] history)
    {
        for (var i = 0; i < history.Length; i++)
        {
            history[i].Timestamp = Start.AddSeconds(i);
        }

        _client.Reads(Id, status);
        _client.Setup(c => c.GetOrchestrationHistoryAsync(Id, It.IsAny<CancellationToken>())).ReturnsAsync(history.ToList());
    }
}
