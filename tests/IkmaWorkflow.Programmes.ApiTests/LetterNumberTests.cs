using IkmaWorkflow.Programmes.Letters;

namespace IkmaWorkflow.Programmes.ApiTests;

public sealed class LetterNumberTests
{
    [Fact]
    public void Parse_MinistryFormat_ReadsEveryPart()
    {
        var number = LetterNumber.Parse("B-535/IKMA.3/IND/VII/2024");

        Assert.Equal(("B", 535, "IKMA.3", "IND", 7, 2024), (number.Classification, number.Serial, number.Unit, number.MinistryCode, number.Month, number.Year));
        Assert.True(number.FullyRead);
    }

    [Theory]
    [InlineData("123/PAS/2023", null, 123, "PAS", null, null, 2023)]
    [InlineData("PAS-456.OT.02.02 Tahun 2024", null, null, null, null, null, null)]
    [InlineData("R.12/SJ/11/2022", "R", 12, "SJ", null, 11, 2022)]
    [InlineData("", null, null, null, null, null, null)]
    public void Parse_OtherFormats_KeepsRawAndReadsWhatFits(string raw, string? classification, int? serial, string? unit, string? ministry, int? month, int? year)
    {
        var number = LetterNumber.Parse(raw);

        Assert.Equal(raw, number.Raw);
        Assert.Equal((classification, serial, unit, ministry, month, year), (number.Classification, number.Serial, number.Unit, number.MinistryCode, number.Month, number.Year));
    }

    [Fact]
    public void Parse_UnplacedSegments_ListedAsUnread()
    {
        var number = LetterNumber.Parse("B-7/IKMA/IND/EXTRA/SEGMENT/IX/2024");

        Assert.Equal(9, number.Month);
        Assert.Equal(["EXTRA", "SEGMENT"], number.Unread);
        Assert.False(number.FullyRead);
    }
}
