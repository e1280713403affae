using IkmaWorkflow.StandaloneHost.Tests.Hosting;

namespace IkmaWorkflow.StandaloneHost.Tests.Configuration;

/// <summary>The built host started with one bad setting among good ones: it stops at once with exit code 2, naming the key as users write it.</summary>
public sealed class ConfigurationErrorTests
{
    [Theory]
    [InlineData("AzureWebJobsStorage", "nonsense")]
    [InlineData("AzureWebJobsStorage", "AccountName=x;AccountKey=###")]
    [InlineData("AzureWebJobsStorage__accountName", "Not_An_Account")]
    [InlineData("AzureWebJobsStorage__clientId", "not-a-client-id")]
    [InlineData("AzureWebJobsStorage__credential", "secret")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "tables.example.go.id")]
    [InlineData("Telemetry__Console", "loud")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "node")]
    [InlineData("AzureWebJobsScriptRoot", "/nonexistent/ikma-script-root")]
    [InlineData("AzureFunctionsWebHost__hostid", "Not_A_Host_Id")]
    [InlineData("OperatorKey", "short")]
    [InlineData("OperatorKey", "a key with spaces in it")]
    [InlineData("Records__Prefix", "Ikma-Records")]
    [InlineData("Programmes__ReminderInterval", "00:00:10")]
    [InlineData("Programmes__ReminderInterval", "weekly")]
    [InlineData("Programmes__RemindersBeforeEscalation", "21")]
    [InlineData("Certificates__PublicBaseUrl", "ftp://ikma.example.go.id")]
    [InlineData("DeadlineSchedule", "0 0 1 * *")]
    [InlineData("DeadlineSchedule", "0 0 25 * * *")]
    [InlineData("DemoClock__Enabled", "maybe")]
    [InlineData("DemoClock__Start", "yesterday")]
    [InlineData("Standalone__HttpPort", "0")]
    [InlineData("Standalone__HttpPort", "abc")]
    [InlineData("Standalone__TimerLockPeriod", "00:00:05")]
    [InlineData("Standalone__TimerLockPeriod", "soon")]
    [InlineData("Standalone__QueueMessageLease", "00:00:01")]
    [InlineData("Standalone__TimerClockCheckInterval", "02:00:00")]
    public async Task Start_BadSetting_ExitsWithCode2NamingTheKey(string key, string value)
    {
        await HostProcess.AssertStopsOnBadSettingAsync(key, value, key);
    }

    [Fact]
    public async Task Start_BadTaskHubName_ExitsWithCode2NamingTheSettingAndTheValue()
    {
        // host.json's hubName is %TaskHubName%: the message names the setting the user wrote and its value.
        await HostProcess.AssertStopsOnBadSettingAsync("TaskHubName", "Not_A_Hub!", "TaskHubName:", "\"Not_A_Hub!\"");
    }
}
