namespace IkmaWorkflow.FunctionApp.Tests.Privacy;

/// <summary>The built app started with a bad retention setting: it stops at once, naming the key as written.</summary>
public sealed class RetentionSettingsTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("RetentionSchedule", "0 0 19 * *", "six")]
    [InlineData("Retention__NamesInAnswersKeptFor", "ninety days", "not a duration")]
    [InlineData("Retention__NamesInAnswersKeptFor", "01:00:00", "from 1.00:00:00")]
    public async Task Start_BadRetentionSetting_ExitsWithCode2NamingTheKey(string key, string value, string says)
    {
        await AppProcess.AssertStopsOnBadSettingAsync(key, value, ExitTimeout, $"{key}: ", says);
    }
}
