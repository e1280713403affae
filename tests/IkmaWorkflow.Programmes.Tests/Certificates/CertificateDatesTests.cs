using IkmaWorkflow.Programmes.Certificates;

namespace IkmaWorkflow.Programmes.Tests.Certificates;

public class CertificateDatesTests
{
    [Theory]
    [InlineData(1, "Januari", "January")]
    [InlineData(2, "Februari", "February")]
    [InlineData(3, "Maret", "March")]
    [InlineData(4, "April", "April")]
    [InlineData(5, "Mei", "May")]
    [InlineData(6, "Juni", "June")]
    [InlineData(7, "Juli", "July")]
    [InlineData(8, "Agustus", "August")]
    [InlineData(9, "September", "September")]
    [InlineData(10, "Oktober", "October")]
    [InlineData(11, "November", "November")]
    [InlineData(12, "Desember", "December")]
    public void IndonesianAndEnglish_EveryMonth_DayMonthYear(int month, string indonesian, string english)
    {
        var date = new DateOnly(2024, month, 7);

        Assert.Equal($"7 {indonesian} 2024", CertificateDates.Indonesian(date));
        Assert.Equal($"7 {english} 2024", CertificateDates.English(date));
    }

    [Fact]
    public void Range_WithinOneMonth_RepeatsOnlyTheDay()
    {
        var start = new DateOnly(2023, 7, 17);
        var end = new DateOnly(2023, 7, 22);

        Assert.Equal("17\u201322 Juli 2023", CertificateDates.IndonesianRange(start, end));
        Assert.Equal("17\u201322 July 2023", CertificateDates.EnglishRange(start, end));
    }

    [Fact]
    public void Range_OverAMonthEnd_NamesBothMonths()
    {
        var start = new DateOnly(2024, 7, 29);
        var end = new DateOnly(2024, 8, 2);

        Assert.Equal("29 Juli \u2013 2 Agustus 2024", CertificateDates.IndonesianRange(start, end));
        Assert.Equal("29 July \u2013 2 August 2024", CertificateDates.EnglishRange(start, end));
    }

    [Fact]
    public void Range_OverAYearEnd_NamesBothYears()
    {
        var start = new DateOnly(2024, 12, 30);
        var end = new DateOnly(2025, 1, 3);

        Assert.Equal("30 Desember 2024 \u2013 3 Januari 2025", CertificateDates.IndonesianRange(start, end));
        Assert.Equal("30 December 2024 \u2013 3 January 2025", CertificateDates.EnglishRange(start, end));
    }

    [Fact]
    public void Range_OneDay_IsThatDate()
    {
        var day = new DateOnly(2024, 9, 7);

        Assert.Equal("7 September 2024", CertificateDates.IndonesianRange(day, day));
        Assert.Equal("7 September 2024", CertificateDates.EnglishRange(day, day));
    }

    [Fact]
    public void Range_EndBeforeStart_ThrowsNamingBothDates()
    {
        var error = Assert.Throws<ArgumentException>(
            () => CertificateDates.IndonesianRange(new DateOnly(2024, 9, 7), new DateOnly(2024, 9, 3)));

        Assert.Equal("end", error.ParamName);
        Assert.Contains("2024-09-03 is before the start date 2024-09-07", error.Message, StringComparison.Ordinal);
    }
}
