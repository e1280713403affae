using System.Globalization;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.FollowUps;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Tests.FollowUps;

/// <summary>Checkpoint due dates (calendar months, month ends) and the <c>FollowUp</c> settings.</summary>
public sealed class FollowUpScheduleTests
{
    [Theory]
    [InlineData("2025-01-31", 1, "2025-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2025-01-31", 6, "2025-07-31")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-02-29", 24, "2026-02-28")]
    [InlineData("2024-08-31", 6, "2025-02-28")]
    [InlineData("2024-03-31", 1, "2024-04-30")]
    [InlineData("2024-09-07", 1, "2024-10-07")]
    [InlineData("2024-12-15", 24, "2026-12-15")]
    public void DueDate_MonthsAfterRelease_SameDayOrLastDayOfShorterMonth(string released, int months, string expected)
    {
        var due = FollowUpCheckpoint.DueDate(DateOnly.Parse(released, CultureInfo.InvariantCulture), months);

        Assert.Equal(expected, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void InstanceId_Checkpoint_NamesProgrammeParticipantAndTwoDigitMonths()
    {
        var checkpoint = new FollowUpCheckpoint("prg-7k3q9x2mtd", "p-4hq8m2zrtw", 6);

        Assert.Equal(("followup-prg-7k3q9x2mtd-p-4hq8m2zrtw-06", "followup|p-4hq8m2zrtw|06"), (checkpoint.InstanceId, checkpoint.RowKey));
    }

    [Fact]
    public void FromConfiguration_NothingSet_UsesTheDocumentedDefaults()
    {
        var options = FollowUpOptions.FromConfiguration(Configuration([]));

        Assert.Equal([1, 6, 12, 24], options.CheckpointMonths);
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30)), (options.ReminderInterval, options.EscalateAfter, options.GiveUpAfter));
        Assert.Equal(new Uri("http://localhost:7071/"), options.PublicBaseAddress);
    }

    [Fact]
    public void FromConfiguration_ValuesSet_ReadsThem()
    {
        var options = FollowUpOptions.FromConfiguration(Configuration(new()
        {
            ["FollowUp:CheckpointMonths"] = " 3, 12 ,36",
            ["FollowUp:ReminderInterval"] = "3.00:00:00",
            ["FollowUp:EscalateAfter"] = "10.00:00:00",
            ["FollowUp:GiveUpAfter"] = "21.00:00:00",
            ["WEBSITE_HOSTNAME"] = "ikma-workflow.azurewebsites.net",
        }));

        Assert.Equal([3, 12, 36], options.CheckpointMonths);
        Assert.Equal((TimeSpan.FromDays(3), TimeSpan.FromDays(10), TimeSpan.FromDays(21)), (options.ReminderInterval, options.EscalateAfter, options.GiveUpAfter));
        Assert.Equal(new Uri("https://ikma-workflow.azurewebsites.net/"), options.PublicBaseAddress);
    }

    [Fact]
    public void FromConfiguration_PublicBaseAddressSet_WinsOverHostNameAndEndsInSlash()
    {
        var options = FollowUpOptions.FromConfiguration(Configuration(new()
        {
            ["FollowUp:PublicBaseAddress"] = "https://wub.kemenperin.go.id/ikma",
            ["WEBSITE_HOSTNAME"] = "ikma-workflow.azurewebsites.net",
        }));

        Assert.Equal(new Uri("https://wub.kemenperin.go.id/ikma/"), options.PublicBaseAddress);
    }

    [Theory]
    [InlineData("FollowUp:CheckpointMonths", "1,6,x", "FollowUp__CheckpointMonths", "\"x\"")]
    [InlineData("FollowUp:CheckpointMonths", "6,1", "FollowUp__CheckpointMonths", "increasing")]
    [InlineData("FollowUp:CheckpointMonths", "1,1", "FollowUp__CheckpointMonths", "increasing")]
    [InlineData("FollowUp:CheckpointMonths", "0,6", "FollowUp__CheckpointMonths", "from 1 to 99")]
    [InlineData("FollowUp:CheckpointMonths", "12,120", "FollowUp__CheckpointMonths", "from 1 to 99")]
    [InlineData("FollowUp:CheckpointMonths", "1,2,3,4,5,6,7,8,9,10,11", "FollowUp__CheckpointMonths", "1 to 10")]
    [InlineData("FollowUp:CheckpointMonths:0", "1", "FollowUp__CheckpointMonths", "separated by commas")]
    [InlineData("FollowUp:ReminderInterval", "a week", "FollowUp__ReminderInterval", "not a duration")]
    [InlineData("FollowUp:ReminderInterval", "00:00:10", "FollowUp__ReminderInterval", "from 00:01:00")]
    [InlineData("FollowUp:ReminderInterval", "31.00:00:00", "FollowUp__ReminderInterval", "FollowUp__GiveUpAfter")]
    [InlineData("FollowUp:EscalateAfter", "40.00:00:00", "FollowUp__EscalateAfter", "FollowUp__GiveUpAfter")]
    [InlineData("FollowUp:GiveUpAfter", "400.00:00:00", "FollowUp__GiveUpAfter", "365.00:00:00")]
    [InlineData("FollowUp:PublicBaseAddress", "/relative", "FollowUp__PublicBaseAddress", "absolute http or https")]
    [InlineData("FollowUp:PublicBaseAddress", "ftp://files.example/", "FollowUp__PublicBaseAddress", "absolute http or https")]
    public void FromConfiguration_BadValue_ThrowsNamingTheKeyAsWritten(string key, string value, string named, string says)
    {
        var error = Assert.Throws<AppSettingException>(() => FollowUpOptions.FromConfiguration(Configuration(new() { [key] = value })));

        Assert.Equal(named, error.Key);
        Assert.StartsWith(named + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
