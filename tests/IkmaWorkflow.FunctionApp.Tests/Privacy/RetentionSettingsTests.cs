using IkmaWorkflow.Testing;

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
        var settings = FunctionAppBuild.StandaloneSettings(FunctionAppBuild.UnreachableStorage(), FreePort.Next());
        settings[key] = value;

        await using var app = AppProcess.StartBuilt(settings);
        var exited = await app.WaitForExitAsync(ExitTimeout);

        Assert.True(exited, $"The app still runs {ExitTimeout.TotalSeconds:0} s after starting with {key}={value}.{Environment.NewLine}{app.Describe()}");
        Assert.True(app.ExitCode == 2, $"Expected exit code 2 for {key}={value}.{Environment.NewLine}{app.Describe()}");
        Assert.True(app.StandardError.Contains($"{key}: ", StringComparison.Ordinal), $"stderr does not name {key}.{Environment.NewLine}{app.Describe()}");
        Assert.True(app.StandardError.Contains(says, StringComparison.Ordinal), $"stderr does not say \"{says}\".{Environment.NewLine}{app.Describe()}");
    }
}
