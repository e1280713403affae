using System.Globalization;
using System.Net;
using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>Starting, reading, signalling and purging instances through the API, on a running durable runtime.</summary>
public sealed class InstanceLifecycleTests(ManagementFixture fixture) : IClassFixture<ManagementFixture>
{
    private ManagementClient Api => fixture.Client;

    [Fact]
    public async Task Start_WithInstanceId_Returns202WithLocationAndManagementUris()
    {
        var id = "bimtek tangerang " + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={Uri.EscapeDataString(id)}", """{"requester":"Siti","amount":3}""");

        response.AssertStatus(HttpStatusCode.Accepted);
        var payload = response.Json;
        var status = $"{Api.BaseAddress}api/durable/instances/{Uri.EscapeDataString(id)}";
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal(status, payload.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(status, response.Headers.Location?.AbsoluteUri);
        Assert.Equal(status + "/raiseEvent/{eventName}", payload.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(status + "/terminate?reason={text}", payload.GetProperty("terminatePostUri").GetString());
        Assert.Equal(status + "/suspend?reason={text}", payload.GetProperty("suspendPostUri").GetString());
        Assert.Equal(status + "/resume?reason={text}", payload.GetProperty("resumePostUri").GetString());
        Assert.Equal(status, payload.GetProperty("purgeHistoryDeleteUri").GetString());

        // The status URI answers for the instance it names, space in the id and all.
        var read = await Api.WaitForStatusAsync(id, "Running");
        Assert.Equal("Siti", read.Json.GetProperty("input").GetProperty("requester").GetString());
    }

    [Fact]
    public async Task Start_WithoutInstanceIdOrBody_StartsWithNewIdAndNoInput()
    {
        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Failing}");

        response.AssertStatus(HttpStatusCode.Accepted);
        var id = response.Json.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        var status = await Api.WaitForStatusAsync(id, "Failed");
        Assert.Equal(JsonValueKind.Null, status.Json.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task Start_ExistingInstanceId_Returns409ProblemNamingTheId()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"requester":"Siti","amount":1}""");

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={id}", """{"requester":"Budi","amount":2}""");

        var problem = response.AssertProblem(HttpStatusCode.Conflict, "instance-already-exists");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(id, problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnregisteredOrchestrator_Returns400ProblemNamingIt()
    {
        var response = await Api.PostAsync("api/durable/orchestrators/PelatihanFiktif", "{}");

        var problem = response.AssertProblem(HttpStatusCode.BadRequest, "orchestrator-not-registered");
        Assert.Equal("PelatihanFiktif", problem.GetProperty("orchestrator").GetString());
        Assert.Contains("PelatihanFiktif", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidInstanceId_Returns400Problem()
    {
        var id = new string('x', 257);

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={id}", "{}");

        var problem = response.AssertProblem(HttpStatusCode.BadRequest, "invalid-instance-id");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Start_BodyNotJson_Returns400ProblemAndStartsNothing()
    {
        var id = "not-json-" + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={id}", "{requester: Siti");

        response.AssertProblem(HttpStatusCode.BadRequest, "body-not-json");
        (await Api.GetAsync($"api/durable/instances/{id}")).AssertProblem(HttpStatusCode.NotFound, "instance-not-found");
    }

    [Fact]
    public async Task Status_RunningThenCompleted_Returns202WithRetryAfterThen200WithOutput()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"requester":"Siti","amount":5}""");

        var running = await Api.WaitForStatusAsync(id, "Running");

        running.AssertStatus(HttpStatusCode.Accepted);
        Assert.Equal("5", running.Header("Retry-After"));
        Assert.Equal($"{Api.BaseAddress}api/durable/instances/{id}", running.Headers.Location?.AbsoluteUri);
        Assert.Equal(TestOrchestrations.Approval, running.Json.GetProperty("name").GetString());
        Assert.Equal(id, running.Json.GetProperty("instanceId").GetString());
        Assert.Equal(5, running.Json.GetProperty("input").GetProperty("amount").GetInt32());
        Assert.Equal("waiting", running.Json.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Null, running.Json.GetProperty("output").ValueKind);

        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", """{"approved":true}""")).AssertStatus(HttpStatusCode.Accepted);
        var completed = await Api.WaitForStatusAsync(id, "Completed");

        completed.AssertStatus(HttpStatusCode.OK);
        Assert.Null(completed.Header("Retry-After"));
        var output = completed.Json.GetProperty("output");
        Assert.Equal("Siti", output.GetProperty("requester").GetString());
        Assert.True(output.GetProperty("decision").GetProperty("approved").GetBoolean());
        AssertUtcAndWib(completed.Json, "createdTime");
        AssertUtcAndWib(completed.Json, "lastUpdatedTime");
        Assert.Equal(JsonValueKind.Null, completed.Json.GetProperty("failureDetails").ValueKind);
        Assert.False(completed.Json.TryGetProperty("historyEvents", out _));
    }

    [Fact]
    public async Task Status_ShowHistoryAndHideInput_ListsStepsWithoutInput()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Budi\"");
        await Api.WaitForStatusAsync(id, "Completed");

        var withOutput = await Api.GetAsync($"api/durable/instances/{id}?showHistory=true&showHistoryOutput=true&showInput=false");
        var withoutOutput = await Api.GetAsync($"api/durable/instances/{id}?showHistory=true");

        withOutput.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, withOutput.Json.GetProperty("input").ValueKind);
        Assert.Equal("Halo, Budi!", withOutput.Json.GetProperty("output").GetString());
        var events = withOutput.Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal("Greet", events[1].GetProperty("name").GetString());
        Assert.Equal("Greet", events[2].GetProperty("name").GetString());
        Assert.Equal("Halo, Budi!", events[2].GetProperty("result").GetString());
        Assert.Equal("Completed", events[3].GetProperty("runtimeStatus").GetString());
        AssertUtcAndWib(events[0], "timestamp");

        Assert.Equal("Budi", withoutOutput.Json.GetProperty("input").GetString());
        var quiet = withoutOutput.Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(4, quiet.Count);
        Assert.False(quiet[2].TryGetProperty("result", out _), "History payloads are shown only with showHistoryOutput=true.");
    }

    [Fact]
    public async Task Status_FailedInstance_Returns200WithFailureDetails()
    {
        var id = await Api.StartAsync(TestOrchestrations.Failing);

        var failed = await Api.WaitForStatusAsync(id, "Failed");

        failed.AssertStatus(HttpStatusCode.OK);
        var failure = failed.Json.GetProperty("failureDetails");
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.GetProperty("errorType").GetString());
        Assert.Equal("Data peserta tidak lengkap.", failure.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Status_InvalidFlag_Returns400ProblemNamingTheParameter()
    {
        var response = await Api.GetAsync("api/durable/instances/anything?showHistory=ya");

        var problem = response.AssertProblem(HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal("showHistory", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/raiseEvent/approval")]
    [InlineData("POST", "/terminate?reason=test")]
    [InlineData("POST", "/suspend")]
    [InlineData("POST", "/resume")]
    public async Task InstanceEndpoint_MissingInstance_Returns404ProblemNamingTheId(string method, string suffix)
    {
        var id = "tidak-ada-" + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.SendAsync(new HttpMethod(method), $"api/durable/instances/{id}{suffix}", method == "POST" ? "{}" : null);

        var problem = response.AssertProblem(HttpStatusCode.NotFound, "instance-not-found");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains(id, problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_Returns410Problem()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Api.WaitForStatusAsync(id, "Completed");

        var response = await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "true");

        var problem = response.AssertProblem(HttpStatusCode.Gone, "instance-finished");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task RaiseEvent_BodyNotJson_Returns400ProblemAndInstanceKeepsWaiting()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"requester":"Siti","amount":1}""");
        await Api.WaitForStatusAsync(id, "Running");

        var response = await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "approved");

        response.AssertProblem(HttpStatusCode.BadRequest, "body-not-json");
        await Task.Delay(500);
        Assert.Equal("Running", (await Api.GetAsync($"api/durable/instances/{id}")).Json.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithTheReason()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"requester":"Siti","amount":1}""");
        await Api.WaitForStatusAsync(id, "Running");

        var response = await Api.PostAsync($"api/durable/instances/{id}/terminate?reason={Uri.EscapeDataString("salah input")}&recursive=true");

        response.AssertStatus(HttpStatusCode.Accepted);
        var terminated = await Api.WaitForStatusAsync(id, "Terminated");
        terminated.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("salah input", terminated.Json.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Terminate_InvalidRecursiveFlag_Returns400Problem()
    {
        var response = await Api.PostAsync("api/durable/instances/anything/terminate?recursive=maybe");

        var problem = response.AssertProblem(HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal("recursive", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task SuspendResume_RunningInstance_HoldsEventsUntilResumed()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"requester":"Siti","amount":1}""");
        await Api.WaitForStatusAsync(id, "Running");

        (await Api.PostAsync($"api/durable/instances/{id}/suspend?reason=audit")).AssertStatus(HttpStatusCode.Accepted);
        var suspended = await Api.WaitForStatusAsync(id, "Suspended");
        suspended.AssertStatus(HttpStatusCode.Accepted);
        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "\"ok\"")).AssertStatus(HttpStatusCode.Accepted);
        await Task.Delay(1000);
        Assert.Equal("Suspended", (await Api.GetAsync($"api/durable/instances/{id}")).Json.GetProperty("runtimeStatus").GetString());

        (await Api.PostAsync($"api/durable/instances/{id}/resume?reason=selesai")).AssertStatus(HttpStatusCode.Accepted);

        var completed = await Api.WaitForStatusAsync(id, "Completed");
        Assert.Equal("ok", completed.Json.GetProperty("output").GetProperty("decision").GetString());
        var history = (await Api.GetAsync($"api/durable/instances/{id}?showHistory=true")).Json.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Contains(history, e => e.GetProperty("eventType").GetString() == "ExecutionSuspended" && e.GetProperty("reason").GetString() == "audit");
        Assert.Contains(history, e => e.GetProperty("eventType").GetString() == "ExecutionResumed" && e.GetProperty("reason").GetString() == "selesai");
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task SuspendOrResume_FinishedInstance_Returns410Problem(string action)
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Api.WaitForStatusAsync(id, "Completed");

        var response = await Api.PostAsync($"api/durable/instances/{id}/{action}");

        response.AssertProblem(HttpStatusCode.Gone, "instance-finished");
    }

    [Fact]
    public async Task Purge_FinishedInstance_Returns200ThenInstanceIsGone()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Api.WaitForStatusAsync(id, "Completed");

        var purged = await Api.DeleteAsync($"api/durable/instances/{id}");

        purged.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(1, purged.Json.GetProperty("instancesDeleted").GetInt32());
        (await Api.GetAsync($"api/durable/instances/{id}")).AssertProblem(HttpStatusCode.NotFound, "instance-not-found");
        (await Api.DeleteAsync($"api/durable/instances/{id}")).AssertProblem(HttpStatusCode.NotFound, "instance-not-found");
    }

    private static void AssertUtcAndWib(JsonElement json, string property)
    {
        var utc = json.GetProperty(property).GetString()!;
        var wib = json.GetProperty(property + "Wib").GetString()!;
        Assert.EndsWith("Z", utc, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$", wib);
        var utcTime = DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);
        var wibTime = DateTimeOffset.Parse(wib, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, utcTime.Offset);
        Assert.True((utcTime - wibTime).Duration() < TimeSpan.FromSeconds(1), $"{property} {utc} and {property}Wib {wib} are different instants.");
        Assert.True((DateTimeOffset.UtcNow - utcTime).Duration() < TimeSpan.FromMinutes(5), $"{property} {utc} is not now.");
    }
}
