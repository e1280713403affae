using System.Text;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Tests.Training;

/// <summary><see cref="CsvReader"/>: RFC 4180 read record by record, with the line each starts on, and every way a file can fail named by its line.</summary>
public sealed class CsvReaderTests
{
    [Fact]
    public async Task ReadAsync_SemicolonsQuotesAndLineBreaksInCells_RecordsWithTheirLines()
    {
        var records = await ReadAllAsync("\uFEFFtype;track;fullName\r\nOfficer;batik;\"Siti; S.Sos.\"\r\n\r\n;;\r\nInmate;batik;\"Budi \"\"Bud\"\"\nSantoso\"\nOfficer;tenun;Dewi");

        Assert.Equal(
            [(1, "type|track|fullName"), (2, "Officer|batik|Siti; S.Sos."), (5, "Inmate|batik|Budi \"Bud\"\nSantoso"), (7, "Officer|tenun|Dewi")],
            records.Select(r => (r.Line, string.Join('|', r.Cells))));
    }

    [Fact]
    public async Task ReadAsync_BytesThatAreNotUtf8_NamesTheirLine()
    {
        byte[] file = [.. Encoding.UTF8.GetBytes("type,track,fullName\nOfficer,batik,Siti\nOfficer,batik,Ren"), 0xE9, (byte)'\n'];

        var failure = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(file));

        Assert.Equal(3, failure.Line);
        Assert.Equal("line 3 is not UTF-8 text; save the file as \"CSV UTF-8\"", failure.English);
    }

    [Fact]
    public async Task ReadAsync_QuoteNeverClosed_NamesTheLineItOpensOn()
    {
        var failure = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("type,track,fullName\nOfficer,batik,\"Siti\nOfficer,batik,Dewi\n"));

        Assert.Equal(2, failure.Line);
    }

    [Fact]
    public async Task ReadAsync_CellLongerThanTheLimit_Refused()
    {
        var failure = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync("type,track,fullName\nOfficer,batik," + new string('a', 1001)));

        Assert.Contains("longer than 1000 characters", failure.English, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ReadsNoFurtherThanAsked()
    {
        using var file = new CountingStream(Encoding.UTF8.GetBytes("type,track,fullName\n" + string.Concat(Enumerable.Repeat("Officer,batik,Ani Lestari\n", 100_000))));
        using var reader = new CsvReader(file, 1000);

        for (var i = 0; i < 3; i++)
        {
            await reader.ReadAsync(CancellationToken.None);
        }

        Assert.InRange(file.BytesRead, 1, 16 * 1024);
    }

    private static Task<List<(string[] Cells, int Line)>> ReadAllAsync(string text) => ReadAllAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<List<(string[] Cells, int Line)>> ReadAllAsync(byte[] bytes)
    {
        using var reader = new CsvReader(new MemoryStream(bytes), 1000);
        var records = new List<(string[] Cells, int Line)>();
        while (await reader.ReadAsync(CancellationToken.None) is { } record)
        {
            records.Add(record);
        }

        return records;
    }
}
