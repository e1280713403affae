using System.Net;
using System.Text;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.ApiTests.Reports;

/// <summary>
/// The programme report's CSV read as a spreadsheet set to another list separator would read it (Indonesian Excel
/// splits on <c>;</c>): no cell it makes may start a formula.
/// </summary>
public sealed class CsvDelimiterTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private const string HostileTrackName = "Batik;=cmd|' /C calc'!A0;";

    [Fact]
    public async Task ProgrammeReportCsv_TrackNameWithSemicolonsAndFormula_QuotedAndNoSplitCellStartsAFormula()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        var track = (await fixture.Store.Programmes.GetEntityAsync<TrackEntity>(programme.Id, TrackEntity.Prefix + "batik")).Value;
        track.Name = HostileTrackName;
        await fixture.Store.Programmes.UpdateEntityAsync(track, track.ETag, TableUpdateMode.Replace);
        using var ministry = fixture.As("dg-ikma");

        var response = await ministry.GetAsync($"api/programmes/{programme.Id}/report?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines[1..], line => Assert.Contains(",\"Batik;'=cmd|' /C calc'!A0;\",", line, StringComparison.Ordinal));
        foreach (var separator in new[] { ',', ';', '\t' })
        {
            foreach (var cell in lines.SelectMany(line => line.Split(separator)))
            {
                var text = cell.TrimStart('"');
                Assert.False(text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal), $"Split on '{separator}', the cell <{cell}> starts a formula.");
            }
        }
    }
}
