using IkmaWorkflow.StandaloneHost.Tests.Hosting;

namespace IkmaWorkflow.StandaloneHost.Tests.FollowUps;

/// <summary>The built host started with a bad follow-up setting: it stops at once, naming the key as written and what is wrong.</summary>
public sealed class FollowUpSettingsTests
{
    [Theory]
    [InlineData("FollowUp__CheckpointMonths", "1,6,twelve", "\"twelve\"")]
    [InlineData("FollowUp__CheckpointMonths", "24,12", "increasing")]
    [InlineData("FollowUp__ReminderInterval", "0", "from 00:01:00")]
    [InlineData("FollowUp__GiveUpAfter", "soon", "not a duration")]
    [InlineData("FollowUp__PublicBaseAddress", "ftp://ikma.example/", "absolute http or https")]
    [InlineData("FollowUpSchedule", "0 0 1 * *", "six")]
    [InlineData("FollowUpSchedule", "0 0 25 * * *", "not a valid NCRONTAB schedule")]
    public async Task Start_BadFollowUpSetting_ExitsWithCode2NamingTheKey(string key, string value, string says)
    {
        await HostProcess.AssertStopsOnBadSettingAsync(key, value, key, says);
    }
}
