using System.Text;
using IkmaWorkflow.Programmes.Reports;

namespace IkmaWorkflow.Programmes.Tests.Reports;

public sealed class CsvWriterTests
{
    [Fact]
    public void Text_PlainValues_WrittenAsTheyAreWithCommasAndCrlf()
    {
        var csv = new CsvWriter().Texts("prt-abc", "Inmate", "Batik cap dan tulis").EndRow().Text("x").EndRow();

        Assert.Equal("prt-abc,Inmate,Batik cap dan tulis\r\nx\r\n", csv.ToString());
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line one\nline two", "\"line one\nline two\"")]
    [InlineData("line one\r\nline two", "\"line one\r\nline two\"")]
    [InlineData("", "")]
    [InlineData(" spaced ", " spaced ")]
    public void Text_SpecialCharacters_QuotedAsRfc4180Says(string value, string expected)
    {
        Assert.Equal(expected + "\r\n", new CsvWriter().Text(value).EndRow().ToString());
    }

    [Fact]
    public void Text_Null_EmptyCell()
    {
        Assert.Equal("a,,b\r\n", new CsvWriter().Text("a").Text(null).Text("b").EndRow().ToString());
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+62 812 3456", "'+62 812 3456")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    public void Text_DangerousFirstCharacter_ApostrophePrefixed(string value, string expected)
    {
        Assert.Equal(expected + "\r\n", new CsvWriter().Text(value).EndRow().ToString());
    }

    [Fact]
    public void Text_CarriageReturnFirst_PrefixedAndQuoted()
    {
        Assert.Equal("\"'\r'=1\"\r\n", new CsvWriter().Text("\r=1").EndRow().ToString());
    }

    [Theory]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("a\tb", "\"a\tb\"")]
    [InlineData("Batik;=cmd|' /C calc'!A0;", "\"Batik;'=cmd|' /C calc'!A0;\"")]
    [InlineData("Batik,+1;-2\t@3", "\"Batik,'+1;'-2\t'@3\"")]
    [InlineData("a; =b", "\"a; =b\"")]
    public void Text_SeparatorOfAnySpreadsheet_QuotedAndEachPieceNeutralised(string value, string expected)
    {
        Assert.Equal(expected + "\r\n", new CsvWriter().Text(value).EndRow().ToString());
    }

    [Theory]
    [InlineData("Batik;=cmd|' /C calc'!A0;")]
    [InlineData("=1;+2,-3\t@4\r\n=5")]
    [InlineData(";;=SUM(A1)")]
    [InlineData("\"=1\";\"@2\"")]
    public void Text_SplitOnAnySeparatorIgnoringQuotes_NoPieceStartsAFormula(string value)
    {
        var line = new CsvWriter().Texts("p-abc", value, "x").EndRow().ToString();

        foreach (var separator in new[] { ',', ';', '\t', '\r', '\n' })
        {
            foreach (var piece in line.Split(separator))
            {
                var text = piece.TrimStart('"');
                Assert.False(text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal), $"Split on U+{(int)separator:X4}, <{piece}> starts a formula.");
            }
        }
    }

    [Fact]
    public void Text_FormulaWithQuotesAndComma_PrefixedThenQuoted()
    {
        var csv = new CsvWriter().Text("=HYPERLINK(\"http://x.example\",\"klik\")").EndRow();

        Assert.Equal("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"klik\"\")\"\r\n", csv.ToString());
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("Rp 1-3 juta")]
    [InlineData("email@example.org")]
    [InlineData(" =1")]
    [InlineData("'quoted")]
    public void Text_DangerousCharacterNotFirst_Unchanged(string value)
    {
        Assert.Equal(value + "\r\n", new CsvWriter().Text(value).EndRow().ToString());
    }

    [Fact]
    public void Number_NegativeWrittenByTheApp_NotPrefixed()
    {
        var csv = new CsvWriter().Number(-3).Number(-0.25, 2).Number(12345678901L).EndRow();

        Assert.Equal("-3,-0.25,12345678901\r\n", csv.ToString());
    }

    [Fact]
    public void Number_Decimals_InvariantFullStopWhateverTheCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("id-ID");
            var csv = new CsvWriter().Number(0.53333, 4).Number(1, 4).Number((double?)null, 4).Number(1234567, 0).EndRow();

            Assert.Equal("0.5333,1.0000,,1234567\r\n", csv.ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void ToUtf8WithBom_IndonesianText_BomThenUtf8()
    {
        var bytes = new CsvWriter().Text("Pembinaan — ÉÑ").EndRow().ToUtf8WithBom();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("Pembinaan — ÉÑ\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Fact]
    public void ToUtf8WithBom_Empty_OnlyBom()
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, new CsvWriter().ToUtf8WithBom());
    }
}
