using IkmaWorkflow.Standalone.Tests.TestFunctions;

namespace IkmaWorkflow.Standalone.Tests.Settings;

/// <summary>A wrong setting stops the app at start-up with a message that names the key as users write it.</summary>
public sealed class SettingsErrorTests
{
    private static readonly Type[] Triggers = [typeof(QueueTextFunction), typeof(ScheduledFunction)];

    [Theory]
    [InlineData("AzureWebJobsStorage", "not a connection string", "AzureWebJobsStorage")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "custom", "FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("AzureFunctionsWebHost:hostid", "Ikma Workflow", "AzureFunctionsWebHost__hostid")]
    [InlineData("AzureWebJobsScriptRoot", "/no/such/folder", "AzureWebJobsScriptRoot")]
    [InlineData("Standalone:HttpPort", "70000", "Standalone__HttpPort")]
    [InlineData("Standalone:HttpPort", "tujuh ribu", "Standalone__HttpPort")]
    [InlineData("Standalone:ShutdownTimeout", "-00:00:01", "Standalone__ShutdownTimeout")]
    [InlineData("Standalone:QueueMessageLease", "soon", "Standalone__QueueMessageLease")]
    [InlineData("Standalone:QueueMinPollingInterval", "00:00:00", "Standalone__QueueMinPollingInterval")]
    [InlineData("Standalone:TimerLockPeriod", "00:00:05", "Standalone__TimerLockPeriod")]
    [InlineData("Standalone:TimerLockRetryInterval", "00:00:00", "Standalone__TimerLockRetryInterval")]
    [InlineData("Standalone:TimerClockCheckInterval", "02:00:00", "Standalone__TimerClockCheckInterval")]
    [InlineData("AzureWebJobs.WorkText.Disabled", "maybe", "AzureWebJobs.WorkText.Disabled")]
    [InlineData("AzureWebJobs:Scheduled:Disabled", "maybe", "AzureWebJobs__Scheduled__Disabled")]
    [InlineData("WorkQueue", "Antrean_Kerja", "WorkQueue")]
    [InlineData("WorkQueue", "", "WorkQueue")]
    [InlineData("TimerSchedule", "0 1 * * *", "TimerSchedule")]
    [InlineData("TimerSchedule", "0 0 25 * * *", "TimerSchedule")]
    public async Task Start_InvalidSetting_NamesTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["WorkQueue"] = "kerja", ["TimerSchedule"] = "0 0 1 * * *", [key] = value };

        var error = await StandaloneApp.StartupErrorAsync(Triggers, settings);

        Assert.Equal(named, error.Key);
        Assert.StartsWith(named + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ReferencedSettingMissing_SaysWhichFunctionNeedsIt()
    {
        var error = await StandaloneApp.StartupErrorAsync(Triggers, new() { ["TimerSchedule"] = "0 0 1 * * *" });

        Assert.Equal("WorkQueue", error.Key);
        Assert.Contains("function 'WorkText' takes its queue name from %WorkQueue%", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DisabledFunctionsSettingMissing_Starts()
    {
        await using var app = await StandaloneApp.StartAsync(Triggers, new()
        {
            ["TimerSchedule"] = "0 0 1 * * *",
            ["AzureWebJobs.WorkText.Disabled"] = "true",
            ["AzureWebJobs.Scheduled.Disabled"] = "1",
        });

        Assert.True(app.Logged(401, "WorkText"), "the queue function was not reported disabled");
        Assert.True(app.Logged(400, "0 queue and 0 timer"), "a disabled function was started");
    }
}
