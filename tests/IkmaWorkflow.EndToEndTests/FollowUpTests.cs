using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>Cipinang's follow-up after release: checkpoints, outcomes from Bapas, and the outcomes report.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class FollowUpTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task FollowUps_Cipinang_OneSixAndTwelveMonthsReportedByBapasAndTwentyFourScheduled()
    {
        var bapas = fixture.Session.As("bapas-jakarta-timur");
        var rows = (await fixture.Session.GetAsync(bapas, $"api/programmes/{fixture.Cipinang.ProgrammeId}/follow-ups", CancellationToken.None)).AsArray();

        Assert.Equal(fixture.Cipinang.Released.Order(), rows.Select(r => Text(r!["participantId"])).Distinct().Order());
        foreach (var participantId in fixture.Cipinang.Released)
        {
            var mine = rows.Where(r => Text(r!["participantId"]) == participantId).ToDictionary(r => r!["months"]!.GetValue<int>(), r => r!);
            Assert.Equal([1, 6, 12, 24], mine.Keys.Order().ToArray());
            Assert.Equal(("2024-11-01", "2025-04-01", "2025-10-01", "2026-10-01"), (Text(mine[1]["dueDate"]), Text(mine[6]["dueDate"]), Text(mine[12]["dueDate"]), Text(mine[24]["dueDate"])));
            Assert.All([1, 6, 12], m => Assert.Equal(("Reported", "bapas-jakarta-timur"), (Text(mine[m]["status"]), Text(mine[m]["reportedBy"]))));
            Assert.Equal("Scheduled", Text(mine[24]["status"]));
        }

        var first = rows.Where(r => Text(r!["participantId"]) == fixture.Cipinang.Released[0]).ToDictionary(r => r!["months"]!.GetValue<int>(), r => r!);
        Assert.Equal(("Reached", "SelfEmployed", true, "Batik tulis rumahan"), (Text(first[12]["contactOutcome"]), Text(first[12]["employmentStatus"]), first[12]["businessStarted"]!.GetValue<bool>(), Text(first[12]["businessSector"])));
    }

    [Fact]
    public async Task OutcomeReport_Cohort2024_CountsEachCheckpointAsReported()
    {
        var report = await fixture.GetAsync("api/reports/outcomes?year=2024");
        var rows = report["rows"]!.AsArray().ToDictionary(r => r!["months"]!.GetValue<int>(), r => r!);

        // Worked out by hand from the outcomes CipinangCase.Outcome sends for the four released inmates.
        Assert.Equal([1, 6, 12, 24], rows.Keys.Order().ToArray());
        Assert.Equal((4, 4, 4, 3, 1, 0), Figures(rows[1]));
        Assert.Equal((1, 1, 1, 2, 1), Economy(rows[1]));
        Assert.Equal((4, 4, 4, 3, 1, 0), Figures(rows[6]));
        Assert.Equal((1, 1, 1, 2, 1), Economy(rows[6]));
        Assert.Equal((4, 4, 4, 3, 0, 1), Figures(rows[12]));
        Assert.Equal((2, 1, 1, 2, 2), Economy(rows[12]));
        Assert.Equal((4, 0, 0), (rows[24]["checkpoints"]!.GetValue<int>(), rows[24]["due"]!.GetValue<int>(), rows[24]["reported"]!.GetValue<int>()));
        Assert.All(rows.Values, r => Assert.Equal(0, r["reoffended"]!.GetValue<int>()));
    }

    // checkpoints, due, reported, reached, unreachable, declined
    private static (int, int, int, int, int, int) Figures(JsonNode row) =>
        (Int(row, "checkpoints"), Int(row, "due"), Int(row, "reported"), Int(row, "reached"), Int(row, "unreachable"), Int(row, "declined"));

    // employed, self-employed, business started, practising the skill, market access
    private static (int, int, int, int, int) Economy(JsonNode row) =>
        (Int(row, "employed"), Int(row, "selfEmployed"), Int(row, "businessStarted"), Int(row, "practisingSkill"), Int(row, "marketAccess"));

    private static int Int(JsonNode row, string name) => row[name]!.GetValue<int>();

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}
