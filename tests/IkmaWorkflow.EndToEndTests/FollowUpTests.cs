using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>Both cases' follow-up after release: checkpoints, outcomes from each Bapas, and the outcomes report.</summary>
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

    [Fact]
    public async Task FollowUps_Tangerang_EveryRoundReportedByBapasTangerangWithTheOutcomesSent()
    {
        var bapas = fixture.Session.As("bapas-tangerang");
        var rows = (await fixture.Session.GetAsync(bapas, $"api/programmes/{fixture.Tangerang.ProgrammeId}/follow-ups", CancellationToken.None)).AsArray();
        var releases = TangerangCase.Releases();

        Assert.Equal(40, rows.Count);
        Assert.Equal(fixture.Tangerang.Released.Order(), rows.Select(r => Text(r!["participantId"])).Distinct().Order());
        for (var i = 0; i < releases.Count; i++)
        {
            var participantId = fixture.Tangerang.ParticipantIds[releases[i].Participant.Name];
            var mine = rows.Where(r => Text(r!["participantId"]) == participantId).ToDictionary(r => r!["months"]!.GetValue<int>(), r => r!);
            Assert.Equal([1, 6, 12, 24], mine.Keys.Order().ToArray());
            var dues = (Text(mine[1]["dueDate"]), Text(mine[6]["dueDate"]), Text(mine[12]["dueDate"]), Text(mine[24]["dueDate"]));
            var august = i < 6;
            Assert.Equal(august ? ("2023-09-17", "2024-02-17", "2024-08-17", "2025-08-17") : ("2024-01-18", "2024-06-18", "2024-12-18", "2025-12-18"), dues);
            Assert.All(mine.Values, r => Assert.Equal("bapas-tangerang", Text(r["responsibleId"])));
            Assert.Equal(august ? "Reported" : "Scheduled", Text(mine[24]["status"]));
            foreach (var months in august ? new[] { 1, 6, 12, 24 } : [1, 6, 12])
            {
                Assert.Equal(("Reported", "bapas-tangerang"), (Text(mine[months]["status"]), Text(mine[months]["reportedBy"])));
                var sent = JsonSerializer.SerializeToNode(TangerangCase.Outcome(i, months))!.AsObject();
                foreach (var (field, value) in sent)
                {
                    Assert.True(JsonNode.DeepEquals(value, mine[months][field]), $"{participantId} at {months} months: {field} sent {value?.ToJsonString()}, stored {mine[months][field]?.ToJsonString()}");
                }
            }
        }

        // Spot checks against the case's stories: the first August release runs a registered batik business at
        // 12 months, the processed-food one earns 3-5 million a month at 24, the last December one is unreachable at 12.
        var first = rows.Single(r => Text(r!["participantId"]) == fixture.Tangerang.Released[0] && r!["months"]!.GetValue<int>() == 12)!;
        Assert.Equal(("SelfEmployed", "Batik cap rumahan", true), (Text(first["employmentStatus"]), Text(first["businessSector"]), first["businessRegistered"]!.GetValue<bool>()));
        var food = rows.Single(r => Text(r!["participantId"]) == fixture.Tangerang.Released[4] && r!["months"]!.GetValue<int>() == 24)!;
        Assert.Equal("ThreeToFiveMillion", Text(food["incomeBand"]));
        var last = rows.Single(r => Text(r!["participantId"]) == fixture.Tangerang.Released[9] && r!["months"]!.GetValue<int>() == 12)!;
        Assert.Equal("Unreachable", Text(last["contactOutcome"]));
    }

    [Fact]
    public async Task FollowUps_TangerangAsBapasJakartaTimur_Answers404()
    {
        using var response = await fixture.Session.As("bapas-jakarta-timur").GetAsync(new Uri($"api/programmes/{fixture.Tangerang.ProgrammeId}/follow-ups", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OutcomeReport_Cohort2023_CountsEachCheckpointOfTheTenReleased()
    {
        var report = await fixture.GetAsync("api/reports/outcomes?year=2023");
        var rows = report["rows"]!.AsArray().ToDictionary(r => r!["months"]!.GetValue<int>(), r => r!);

        // Worked out by hand from TangerangCase.Outcome for the ten released women (six in August, four in December
        // 2023); the December releases' 24-month checkpoints are due in December 2025, after the demo's clock.
        Assert.Equal([1, 6, 12, 24], rows.Keys.Order().ToArray());
        Assert.All(rows.Values, r => Assert.Equal(2023, r["year"]!.GetValue<int>()));
        Assert.Equal((10, 10, 10, 8, 1, 1), Figures(rows[1]));
        Assert.Equal((1, 4, 4, 7, 3), Economy(rows[1]));
        Assert.Equal((10, 10, 10, 9, 1, 0), Figures(rows[6]));
        Assert.Equal((3, 4, 4, 7, 4), Economy(rows[6]));
        Assert.Equal((10, 10, 10, 8, 1, 1), Figures(rows[12]));
        Assert.Equal((2, 5, 5, 7, 6), Economy(rows[12]));
        Assert.Equal((10, 6, 6, 4, 1, 1), Figures(rows[24]));
        Assert.Equal((2, 2, 2, 3, 3), Economy(rows[24]));
        Assert.All(rows.Values, r => Assert.Equal(0, r["reoffended"]!.GetValue<int>()));
    }

    [Fact]
    public async Task OutcomeReportCsv_Cohort2023_SameFiguresAsTheJson()
    {
        using var response = await fixture.Operator.GetAsync(new Uri("api/reports/outcomes?year=2023&format=csv", UriKind.Relative));
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("year,facilityId,months,checkpoints,due,reported,unreachable,declined,reached,employed,selfEmployed,businessStarted,practisingSkill,marketAccess,reoffended", lines[0]);
        Assert.Equal(
            ["2023,,1,10,10,10,1,1,8,1,4,4,7,3,0", "2023,,6,10,10,10,1,0,9,3,4,4,7,4,0", "2023,,12,10,10,10,1,1,8,2,5,5,7,6,0", "2023,,24,10,6,6,1,1,4,2,2,2,3,3,0"],
            lines[1..]);
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
