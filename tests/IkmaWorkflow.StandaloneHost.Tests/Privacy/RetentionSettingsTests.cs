using IkmaWorkflow.StandaloneHost.Tests.Hosting;

namespace IkmaWorkflow.StandaloneHost.Tests.Privacy;

/// <summary>The built host started with a bad retention setting: it stops at once, naming the key as written and what is wrong.</summary>
public sealed class RetentionSettingsTests
{
    [Theory]
    [InlineData("RetentionSchedule", "0 0 19 * *", "six")]
    [InlineData("RetentionSchedule", "0 0 19 * * mon-xyz", "not a valid NCRONTAB schedule")]
    [InlineData("Retention__NamesInAnswersKeptFor", "ninety days", "not a duration")]
    [InlineData("Retention__NamesInAnswersKeptFor", "01:00:00", "from 1.00:00:00")]
    public async Task Start_BadRetentionSetting_ExitsWithCode2NamingTheKey(string key, string value, string says)
    {
        await HostProcess.AssertStopsOnBadSettingAsync(key, value, key, says);
    }
}
