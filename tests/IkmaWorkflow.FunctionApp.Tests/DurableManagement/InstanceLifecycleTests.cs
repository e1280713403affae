using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>Starting, reading, signalling and purging instances through the functions, on a running test host.</summary>
[Collection(ManagementTests.Name)]
public sealed class InstanceLifecycleTests(ManagementFixture fixture)
{
    private ManagementApi Api => fixture.Api;

    private DurableTaskClient Client => fixture.Client;

    [Fact]
    public async Task Start_WithInstanceId_Returns202WithLocationAndManagementUris()
    {
        var id = "bimtek tangerang " + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={Uri.EscapeDataString(id)}", """{"Requester":"Siti","Amount":3}""");

        response.AssertStatus(202);
        var payload = response.Json;
        var status = ManagementApi.StatusUri(id);
        Assert.Contains("bimtek%20tangerang", status, StringComparison.Ordinal);
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal(status, payload.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(status, response.Header("Location"));
        Assert.Equal(status + "/raiseEvent/{eventName}", payload.GetProperty("sendEventPostUri").GetString());
        Assert.Equal(status + "/terminate?reason={text}", payload.GetProperty("terminatePostUri").GetString());
        Assert.Equal(status + "/suspend?reason={text}", payload.GetProperty("suspendPostUri").GetString());
        Assert.Equal(status + "/resume?reason={text}", payload.GetProperty("resumePostUri").GetString());
        Assert.Equal(status, payload.GetProperty("purgeHistoryDeleteUri").GetString());

        // The status URI answers for the instance it names, space in the id and all.
        await Instances.StartedAsync(Client, id);
        var read = await Api.GetAsync(status[ManagementApi.BaseAddress.Length..]);
        read.AssertStatus(202);
        Assert.Equal("Siti", read.Json.GetProperty("input").GetProperty("Requester").GetString());
        Assert.Contains($"Operator started orchestrator {TestOrchestrations.Approval} as instance {id}", Api.Log.Messages(701));
    }

    [Fact]
    public async Task Start_OrchestratorNameInAnotherCase_StartsItUnderItsDeclaredName()
    {
        var response = await Api.PostAsync("api/durable/orchestrators/greeting", "\"Ani\"");

        response.AssertStatus(202);
        var finished = await Instances.FinishedAsync(Client, response.Json.GetProperty("id").GetString()!);
        Assert.Equal(TestOrchestrations.Greeting, finished.Name);
        Assert.Equal("\"Halo, Ani!\"", finished.SerializedOutput);
    }

    [Fact]
    public async Task Start_WithoutInstanceIdOrBody_StartsWithNewIdAndNoInput()
    {
        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Failing}");

        response.AssertStatus(202);
        var id = response.Json.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        await Instances.FinishedAsync(Client, id);
        var status = (await Api.GetAsync($"api/durable/instances/{id}")).AssertStatus(200).Json;
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task Start_ExistingInstanceId_Returns409ProblemNamingTheId()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={id}", """{"Requester":"Budi","Amount":2}""");

        var problem = response.AssertProblem(409, "instance-already-exists");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(id, problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Api.PostAsync($"api/durable/instances/{id}/terminate?reason=test");
    }

    [Fact]
    public async Task Start_FinishedInstanceId_Returns409AndKeepsTheFinishedInstance()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Instances.FinishedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Greeting}?instanceId={id}", "\"Budi\"");

        response.AssertProblem(409, "instance-already-exists");
        Assert.Equal("\"Ani\"", (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.SerializedInput);
    }

    [Fact]
    public async Task Start_UnregisteredOrchestrator_Returns400ProblemNamingIt()
    {
        var response = await Api.PostAsync("api/durable/orchestrators/PelatihanFiktif", "{}");

        var problem = response.AssertProblem(400, "orchestrator-not-registered");
        Assert.Equal("PelatihanFiktif", problem.GetProperty("orchestrator").GetString());
        Assert.Contains("PelatihanFiktif", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(257)]
    [InlineData(-1)]
    public async Task Start_InvalidInstanceId_Returns400Problem(int length)
    {
        // -1: an entity's id, which starts with '@'.
        var id = length > 0 ? new string('x', length) : "@entitas@" + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={Uri.EscapeDataString(id)}", "{}");

        var problem = response.AssertProblem(400, "invalid-instance-id");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Start_BodyNotJson_Returns400ProblemAndStartsNothing()
    {
        var id = "not-json-" + Guid.NewGuid().ToString("N")[..8];

        var response = await Api.PostAsync($"api/durable/orchestrators/{TestOrchestrations.Approval}?instanceId={id}", "{requester: Siti");

        response.AssertProblem(400, "body-not-json");
        Assert.Null(await Client.GetInstanceAsync(id));
        (await Api.GetAsync($"api/durable/instances/{id}")).AssertProblem(404, "instance-not-found");
    }

    [Fact]
    public async Task Status_RunningThenCompleted_Returns202WithRetryAfterThen200WithOutput()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":5}""");
        await Instances.StartedAsync(Client, id);

        var running = await Api.GetAsync($"api/durable/instances/{id}");

        running.AssertStatus(202);
        Assert.Equal("5", running.Header("Retry-After"));
        Assert.Equal(ManagementApi.StatusUri(id), running.Header("Location"));
        Assert.Equal(TestOrchestrations.Approval, running.Json.GetProperty("name").GetString());
        Assert.Equal(id, running.Json.GetProperty("instanceId").GetString());
        Assert.Equal("Running", running.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal(5, running.Json.GetProperty("input").GetProperty("Amount").GetInt32());
        Assert.Equal("waiting", running.Json.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Null, running.Json.GetProperty("output").ValueKind);

        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", """{"approved":true}""")).AssertStatus(202);
        await Instances.FinishedAsync(Client, id);
        var completed = await Api.GetAsync($"api/durable/instances/{id}");

        completed.AssertStatus(200);
        Assert.Null(completed.Header("Retry-After"));
        Assert.Equal("Completed", completed.Json.GetProperty("runtimeStatus").GetString());
        var output = completed.Json.GetProperty("output");
        Assert.Equal("Siti", output.GetProperty("Requester").GetString());
        Assert.True(output.GetProperty("Decision").GetProperty("approved").GetBoolean());
        AssertUtcAndWib(completed.Json, "createdTime");
        AssertUtcAndWib(completed.Json, "lastUpdatedTime");
        Assert.Equal(JsonValueKind.Null, completed.Json.GetProperty("failureDetails").ValueKind);
        Assert.False(completed.Json.TryGetProperty("historyEvents", out _));
        Assert.Contains($"Operator raised event approval on instance {id}", Api.Log.Messages(702));
    }

    [Fact]
    public async Task Status_ShowInputFalse_LeavesInputOut()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Budi\"");
        await Instances.FinishedAsync(Client, id);

        var hidden = await Api.GetAsync($"api/durable/instances/{id}?showInput=false");
        var shown = await Api.GetAsync($"api/durable/instances/{id}");

        Assert.Equal(JsonValueKind.Null, hidden.AssertStatus(200).Json.GetProperty("input").ValueKind);
        Assert.Equal("Halo, Budi!", hidden.Json.GetProperty("output").GetString());
        Assert.Equal("Budi", shown.AssertStatus(200).Json.GetProperty("input").GetString());
    }

    [Fact]
    public async Task Status_ShowHistoryOnInProcessSidecar_Returns501ProblemNamingTheInstance()
    {
        // The test host's sidecar is the one the standalone host runs: it streams no history to clients.
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Budi\"");
        await Instances.FinishedAsync(Client, id);

        var response = await Api.GetAsync($"api/durable/instances/{id}?showHistory=true&showHistoryOutput=true");

        var problem = response.AssertProblem(501, "history-not-served");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains("showHistory", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_FailedInstance_Returns200WithFailureDetails()
    {
        var id = await Api.StartAsync(TestOrchestrations.Failing);
        await Instances.FinishedAsync(Client, id);

        var failed = await Api.GetAsync($"api/durable/instances/{id}");

        failed.AssertStatus(200);
        Assert.Equal("Failed", failed.Json.GetProperty("runtimeStatus").GetString());
        var failure = failed.Json.GetProperty("failureDetails");
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.GetProperty("errorType").GetString());
        Assert.Equal("Data peserta tidak lengkap.", failure.GetProperty("errorMessage").GetString());
        Assert.True(failure.TryGetProperty("stackTrace", out _));
        Assert.Equal(JsonValueKind.Null, failure.GetProperty("innerFailure").ValueKind);
    }

    [Theory]
    [InlineData("showHistory=ya", "showHistory")]
    [InlineData("showHistoryOutput=1", "showHistoryOutput")]
    [InlineData("showInput=tidak", "showInput")]
    public async Task Status_InvalidFlag_Returns400ProblemNamingTheParameter(string query, string parameter)
    {
        var response = await Api.GetAsync($"api/durable/instances/anything?{query}");

        var problem = response.AssertProblem(400, "invalid-query-parameter");
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
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

        var response = await Api.SendAsync(method, $"api/durable/instances/{id}{suffix}", method == "POST" ? "{}" : null);

        var problem = response.AssertProblem(404, "instance-not-found");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains(id, problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/raiseEvent/approval")]
    [InlineData("POST", "/terminate")]
    [InlineData("POST", "/suspend")]
    [InlineData("POST", "/resume")]
    public async Task InstanceEndpoint_EntityId_Returns400InvalidInstanceId(string method, string suffix)
    {
        var response = await Api.SendAsync(method, $"api/durable/instances/{Uri.EscapeDataString("@counter@a")}{suffix}", method == "POST" ? "{}" : null);

        var problem = response.AssertProblem(400, "invalid-instance-id");
        Assert.Equal("@counter@a", problem.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task RaiseEvent_FinishedInstance_Returns410Problem()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Instances.FinishedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "true");

        var problem = response.AssertProblem(410, "instance-finished");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Contains("raise an event on", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_BodyNotJson_Returns400ProblemAndInstanceKeepsWaiting()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "approved");

        response.AssertProblem(400, "body-not-json");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(id))!.RuntimeStatus);

        // The refused body never reached the instance: the first event it takes is the next one.
        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "\"disetujui\"")).AssertStatus(202);
        var finished = await Instances.FinishedAsync(Client, id);
        Assert.Equal("disetujui", JsonDocument.Parse(finished.SerializedOutput!).RootElement.GetProperty("Decision").GetString());
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsTerminatedWithTheReason()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/terminate?reason={Uri.EscapeDataString("salah input")}&recursive=true");

        response.AssertStatus(202);
        Assert.Equal(ManagementApi.StatusUri(id), response.Header("Location"));
        await Instances.FinishedAsync(Client, id);
        var terminated = (await Api.GetAsync($"api/durable/instances/{id}")).AssertStatus(200).Json;
        Assert.Equal("Terminated", terminated.GetProperty("runtimeStatus").GetString());
        Assert.Equal("salah input", terminated.GetProperty("output").GetString());
        Assert.Contains($"Operator asked to terminate instance {id} (recursive: True, reason: salah input)", Api.Log.Messages(703));
    }

    [Fact]
    public async Task Terminate_FinishedInstance_Returns202AndLeavesItAsItIs()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Instances.FinishedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/terminate?reason=terlambat");

        response.AssertStatus(202);
        var instance = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal("\"Halo, Ani!\"", instance.SerializedOutput);
    }

    [Fact]
    public async Task Terminate_InvalidRecursiveFlag_Returns400Problem()
    {
        var response = await Api.PostAsync("api/durable/instances/anything/terminate?recursive=maybe");

        var problem = response.AssertProblem(400, "invalid-query-parameter");
        Assert.Equal("recursive", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task SuspendResume_RunningInstance_HoldsEventsUntilResumed()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);

        (await Api.PostAsync($"api/durable/instances/{id}/suspend?reason=audit")).AssertStatus(202);
        await Instances.InStatusAsync(Client, id, OrchestrationRuntimeStatus.Suspended);
        var suspended = await Api.GetAsync($"api/durable/instances/{id}");
        suspended.AssertStatus(202);
        Assert.Equal("Suspended", suspended.Json.GetProperty("runtimeStatus").GetString());
        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "\"ok\"")).AssertStatus(202);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))!.RuntimeStatus);

        (await Api.PostAsync($"api/durable/instances/{id}/resume?reason=selesai")).AssertStatus(202);

        // The event raised while suspended was kept: it is what the instance completes with.
        var completed = await Instances.FinishedAsync(Client, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal("ok", JsonDocument.Parse(completed.SerializedOutput!).RootElement.GetProperty("Decision").GetString());
        Assert.Contains($"Operator asked to suspend instance {id} (reason: audit)", Api.Log.Messages(704));
        Assert.Contains($"Operator asked to resume instance {id} (reason: selesai)", Api.Log.Messages(705));
    }

    [Fact]
    public async Task Suspend_SuspendedInstance_Returns202AndStaysSuspended()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);
        (await Api.PostAsync($"api/durable/instances/{id}/suspend")).AssertStatus(202);
        await Instances.InStatusAsync(Client, id, OrchestrationRuntimeStatus.Suspended);

        var again = await Api.PostAsync($"api/durable/instances/{id}/suspend?reason=lagi");

        again.AssertStatus(202);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        await Api.PostAsync($"api/durable/instances/{id}/terminate?reason=test");
    }

    [Fact]
    public async Task Resume_RunningInstance_Returns202AndKeepsItRunning()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/resume");

        response.AssertStatus(202);
        (await Api.PostAsync($"api/durable/instances/{id}/raiseEvent/approval", "\"ya\"")).AssertStatus(202);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Instances.FinishedAsync(Client, id)).RuntimeStatus);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task SuspendOrResume_FinishedInstance_Returns410Problem(string action)
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Instances.FinishedAsync(Client, id);

        var response = await Api.PostAsync($"api/durable/instances/{id}/{action}");

        response.AssertProblem(410, "instance-finished");
    }

    [Fact]
    public async Task Purge_FinishedInstance_Returns200ThenInstanceIsGone()
    {
        var id = await Api.StartAsync(TestOrchestrations.Greeting, "\"Ani\"");
        await Instances.FinishedAsync(Client, id);

        var purged = await Api.DeleteAsync($"api/durable/instances/{id}");

        purged.AssertStatus(200);
        Assert.Equal(1, purged.Json.GetProperty("instancesDeleted").GetInt32());
        Assert.Null(await Client.GetInstanceAsync(id));
        (await Api.GetAsync($"api/durable/instances/{id}")).AssertProblem(404, "instance-not-found");
        (await Api.DeleteAsync($"api/durable/instances/{id}")).AssertProblem(404, "instance-not-found");
        Assert.Contains($"Operator purged instance {id}", Api.Log.Messages(706));
    }

    [Fact]
    public async Task Purge_RunningInstance_Returns409ProblemAndKeepsIt()
    {
        var id = await Api.StartAsync(TestOrchestrations.Approval, """{"Requester":"Siti","Amount":1}""");
        await Instances.StartedAsync(Client, id);

        var response = await Api.DeleteAsync($"api/durable/instances/{id}");

        var problem = response.AssertProblem(409, "instance-not-finished");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        await Api.PostAsync($"api/durable/instances/{id}/terminate?reason=test");
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
