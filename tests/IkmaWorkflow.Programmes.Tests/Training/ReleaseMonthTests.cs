using System.Text.Json;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Tests.Training;

/// <summary>The plausible range of an expected release month: the training week's month to 20 years after it.</summary>
public sealed class ReleaseMonthTests
{
    private static readonly ProgrammeEntity Programme = new() { StartDate = "2024-09-03", EndDate = "2024-09-07" };

    [Theory]
    [InlineData("2024-09-01", null)]
    [InlineData("2044-09-01", null)]
    [InlineData("2024-08-01", "'2024-08' is before the training week (2024-09-03 to 2024-09-07)")]
    [InlineData("1900-01-01", "'1900-01' is before the training week")]
    [InlineData("2044-10-01", "'2044-10' is more than 20 years after the training week (2024-09-03)")]
    [InlineData("2204-01-01", "'2204-01' is more than 20 years after")]
    public void Check_Month_RefusedOutsideTheRange(string month, string? english)
    {
        var form = FormReader.For(JsonDocument.Parse("{}").RootElement);

        ReleaseMonth.Check(form, "expectedReleaseMonth", DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture), Programme);

        if (english is null)
        {
            Assert.True(form.IsValid);
        }
        else
        {
            var error = Assert.Single(form.Errors);
            Assert.Equal("expectedReleaseMonth", error.Field);
            Assert.StartsWith(english, error.English, StringComparison.Ordinal);
            Assert.Contains("Periksa tahunnya", error.Indonesian, StringComparison.Ordinal);
        }
    }
}
