using IkmaWorkflow.Standalone.Timers;

namespace IkmaWorkflow.Standalone.Tests.Timers;

public sealed class TimerScheduleTests
{
    [Fact]
    public void NextAfter_DailyAt0100Utc_Is0800Wib()
    {
        var schedule = TimerSchedule.Parse("0 0 1 * * *");

        var next = schedule.NextAfter(new DateTimeOffset(2024, 9, 7, 10, 0, 0, TimeSpan.FromHours(7)));

        Assert.Equal(new DateTimeOffset(2024, 9, 8, 1, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(8, next.ToOffset(TimeSpan.FromHours(7)).Hour);
    }

    [Fact]
    public void Parse_FiveFields_ExplainsTheSixFieldFormat()
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse("0 1 * * *"));

        Assert.Contains("has 5 fields", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 0 1 * * *", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OutOfRangeField_NamesTheExpression()
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse("0 0 25 * * *"));

        Assert.Contains("\"0 0 25 * * *\" is not a valid NCRONTAB schedule", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/5 * * * * *", false)]
    [InlineData("0 */5 * * * *", true)]
    [InlineData("0 0 1 * * *", true)]
    public void MonitorByDefault_MinuteOrLongerApart_IsOn(string expression, bool expected)
    {
        Assert.Equal(expected, TimerSchedule.Parse(expression).MonitorByDefault(new DateTimeOffset(2023, 6, 26, 1, 0, 0, TimeSpan.Zero)));
    }
}
