namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>The built app started with one bad setting among good ones.</summary>
public sealed class ConfigurationErrorTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "node")]
    [InlineData("FUNCTIONS_CUSTOMHANDLER_PORT", "abc")]
    [InlineData("FUNCTIONS_CUSTOMHANDLER_PORT", "70000")]
    [InlineData("AzureWebJobsStorage", "nonsense")]
    [InlineData("AzureWebJobsScriptRoot", "/nonexistent/ikma-script-root")]
    [InlineData("AzureFunctionsWebHost__hostid", "Not_A_Host_Id")]
    [InlineData("Standalone__TimerLockPeriod", "00:00:05")]
    [InlineData("Standalone__QueueMessageLease", "00:00:01")]
    [InlineData("Standalone__HttpPort", "0")]
    [InlineData("TaskHubName", "Not_A_Hub!")]
    [InlineData("DurableTask__MaxTimerHop", "8.00:00:00")]
    [InlineData("DurableTask__MaxTimerHop", "weekly")]
    [InlineData("Standalone__HttpPort", "abc")]
    [InlineData("Standalone__TimerLockPeriod", "soon")]
    [InlineData("AzureWebJobsStorage", "AccountName=x;AccountKey=###")]
    [InlineData("Records__Prefix", "Ikma-Records")]
    [InlineData("Programmes__ReminderInterval", "00:00:10")]
    [InlineData("Programmes__ReminderInterval", "weekly")]
    [InlineData("Certificates__PublicBaseUrl", "ftp://ikma.example.go.id")]
    public async Task Start_BadSetting_ExitsWithCode2NamingTheKey(string key, string value)
    {
        // Keys are named as users write them in app settings and local.settings.json.
        await AppProcess.AssertStopsOnBadSettingAsync(key, value, ExitTimeout, key);
    }
}
