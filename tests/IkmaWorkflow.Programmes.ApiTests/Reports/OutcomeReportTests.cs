using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.ApiTests.Reports;

/// <summary>The outcomes report over checkpoints written straight into the records (<see cref="OutcomeReportFixture"/>).</summary>
public sealed class OutcomeReportTests(OutcomeReportFixture outcomes) : IClassFixture<OutcomeReportFixture>
{
    private readonly FollowUpFixture fixture = outcomes.App;

    [Fact]
    public async Task OutcomesAsync_YearCohort_CountsPerCheckpoint()
    {
        using var ministry = fixture.As("dg-ikma");

        var report = await ministry.GetJsonAsync("api/reports/outcomes?year=2031");

        Assert.Equal("2024-08-01", report!["asOf"]!.GetValue<string>());
        var rows = report["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        AssertRow(rows[0]!, 2031, null, 1, checkpoints: 4, due: 4, reported: 3, unreachable: 1, declined: 1, reached: 2, employed: 1, selfEmployed: 1, business: 1, skill: 2, market: 2, reoffended: 1);
        AssertRow(rows[1]!, 2031, null, 6, checkpoints: 2, due: 1, reported: 0, unreachable: 0, declined: 0, reached: 0, employed: 0, selfEmployed: 0, business: 0, skill: 0, market: 0, reoffended: 0);
    }

    [Fact]
    public async Task OutcomesAsync_NoFilter_EachYearItsOwnCohort()
    {
        using var ministry = fixture.As("dg-ikma");

        var rows = (await ministry.GetJsonAsync("api/reports/outcomes"))!["rows"]!.AsArray();

        Assert.Equal(new[] { "2031/1", "2031/6", "2032/1" }, rows.Select(r => $"{r!["year"]}/{r["months"]}"));
        AssertRow(rows[2]!, 2032, null, 1, checkpoints: 2, due: 2, reported: 2, unreachable: 0, declined: 0, reached: 2, employed: 1, selfEmployed: 0, business: 0, skill: 1, market: 0, reoffended: 0);
    }

    [Fact]
    public async Task OutcomesAsync_ByFacility_CohortSplitByFacility()
    {
        using var ministry = fixture.As("dg-ikma");

        var rows = (await ministry.GetJsonAsync("api/reports/outcomes?year=2032&byFacility=true"))!["rows"]!.AsArray();

        Assert.Equal(2, rows.Count);
        AssertRow(rows[0]!, 2032, "lapas-cipinang", 1, checkpoints: 1, due: 1, reported: 1, unreachable: 0, declined: 0, reached: 1, employed: 0, selfEmployed: 0, business: 0, skill: 1, market: 0, reoffended: 0);
        AssertRow(rows[1]!, 2032, "lpp-tangerang", 1, checkpoints: 1, due: 1, reported: 1, unreachable: 0, declined: 0, reached: 1, employed: 1, selfEmployed: 0, business: 0, skill: 0, market: 0, reoffended: 0);
    }

    [Fact]
    public async Task OutcomesAsync_FacilityFilter_OnlyItsProgrammes()
    {
        using var ministry = fixture.As("dg-ikma");

        var rows = (await ministry.GetJsonAsync("api/reports/outcomes?facilityId=lpp-tangerang"))!["rows"]!.AsArray();

        var row = Assert.Single(rows)!;
        AssertRow(row, 2032, null, 1, checkpoints: 1, due: 1, reported: 1, unreachable: 0, declined: 0, reached: 1, employed: 1, selfEmployed: 0, business: 0, skill: 0, market: 0, reoffended: 0);
    }

    [Fact]
    public async Task OutcomesAsync_FormatCsv_HeaderAndNumbers()
    {
        using var ministry = fixture.As("dg-ikma");

        var response = await ministry.GetAsync("api/reports/outcomes?year=2031&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("follow-up-outcomes-2024-08-01.csv", response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            "year,facilityId,months,checkpoints,due,reported,unreachable,declined,reached,employed,selfEmployed,businessStarted,practisingSkill,marketAccess,reoffended\r\n"
            + "2031,,1,4,4,3,1,1,2,1,1,1,2,2,1\r\n"
            + "2031,,6,2,1,0,0,0,0,0,0,0,0,0,0\r\n",
            Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Theory]
    [InlineData("lapas-cipinang")]
    [InlineData("bapas-jakarta-timur")]
    public async Task OutcomesAsync_NotCoordinator_Forbidden(string organisation)
    {
        using var client = fixture.As(organisation);

        var response = await client.GetAsync("api/reports/outcomes");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("year=24", "year")]
    [InlineData("year=abc", "year")]
    [InlineData("byFacility=ya", "byFacility")]
    [InlineData("format=pdf", "format")]
    public async Task OutcomesAsync_BadQuery_BadRequestNamingIt(string query, string field)
    {
        using var ministry = fixture.As("dg-ikma");

        var (response, body) = await ministry.GetWithBodyAsync($"api/reports/outcomes?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![field]);
        Assert.NotNull(body["indonesian"]);
    }

    private static void AssertRow(JsonNode row, int year, string? facility, int months, int checkpoints, int due, int reported, int unreachable, int declined, int reached, int employed, int selfEmployed, int business, int skill, int market, int reoffended)
    {
        var expected = $"{year} {facility} {months}: {checkpoints} {due} {reported} {unreachable} {declined} {reached} {employed} {selfEmployed} {business} {skill} {market} {reoffended}";
        var actual = $"{row["year"]} {row["facilityId"]?.GetValue<string>()} {row["months"]}: {row["checkpoints"]} {row["due"]} {row["reported"]} {row["unreachable"]} {row["declined"]} {row["reached"]} "
            + $"{row["employed"]} {row["selfEmployed"]} {row["businessStarted"]} {row["practisingSkill"]} {row["marketAccess"]} {row["reoffended"]}";
        Assert.Equal(expected, actual);
    }
}

/// <summary>
/// The follow-up fixture's app with the checkpoints of two cohorts written once: 2031 (one programme at Cipinang)
/// and 2032 (one at Cipinang, one at Tangerang). Today on the app's clock is 1 August 2024 (WIB).
/// </summary>
public sealed class OutcomeReportFixture : IAsyncLifetime
{
    private const string Past = "2024-07-01";
    private const string Future = "2025-01-01";

    public FollowUpFixture App { get; } = new();

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        await App.Store.EnsureCreatedAsync(CancellationToken.None);
        var cohort2031 = await ProgrammeAsync(2031, "lapas-cipinang");
        await CheckpointAsync(cohort2031, "p1", 1, Past, CheckpointStatus.Reported, ContactOutcome.Reached, EmploymentStatus.EmployedFullTime, business: false, skill: true, market: true, Reoffence.No);
        await CheckpointAsync(cohort2031, "p2", 1, Past, CheckpointStatus.Reported, ContactOutcome.Reached, EmploymentStatus.SelfEmployed, business: true, skill: true, market: true, Reoffence.Yes);
        await CheckpointAsync(cohort2031, "p3", 1, Past, CheckpointStatus.Unreachable, ContactOutcome.Unreachable, null, null, null, null, null);
        await CheckpointAsync(cohort2031, "p4", 1, Past, CheckpointStatus.Reported, ContactOutcome.Declined, null, null, null, null, Reoffence.Yes);
        await CheckpointAsync(cohort2031, "p1", 6, Future, CheckpointStatus.Scheduled, null, null, null, null, null, null);
        await CheckpointAsync(cohort2031, "p2", 6, Past, CheckpointStatus.Requested, null, null, null, null, null, null);

        var cipinang2032 = await ProgrammeAsync(2032, "lapas-cipinang");
        var tangerang2032 = await ProgrammeAsync(2032, "lpp-tangerang");
        await CheckpointAsync(cipinang2032, "q1", 1, Past, CheckpointStatus.Reported, ContactOutcome.Reached, EmploymentStatus.Unemployed, business: false, skill: true, market: false, Reoffence.No);
        await CheckpointAsync(tangerang2032, "r1", 1, Past, CheckpointStatus.Reported, ContactOutcome.Reached, EmploymentStatus.EmployedPartTime, business: false, skill: false, market: false, Reoffence.Unknown);
    }

    public Task DisposeAsync() => App.DisposeAsync();

    private async Task<string> ProgrammeAsync(int year, string facility)
    {
        var id = $"prg-{Guid.NewGuid():N}"[..14];
        await App.Store.Programmes.AddEntityAsync(new ProgrammeEntity
        {
            PartitionKey = id,
            Title = $"Bimtek Wirausaha Baru {year}",
            FacilityId = facility,
            CoordinatorUnitId = "dg-ikma",
            Year = year,
            Stage = nameof(ProgrammeStage.FollowUp),
            StartDate = $"{year}-09-03",
            EndDate = $"{year}-09-07",
        });
        return id;
    }

    private async Task CheckpointAsync(string programmeId, string participant, int months, string due, string status, ContactOutcome? contact, EmploymentStatus? employment, bool? business, bool? skill, bool? market, Reoffence? reoffence)
    {
        await App.Store.Programmes.AddEntityAsync(new FollowUpEntity
        {
            PartitionKey = programmeId,
            RowKey = FollowUpEntity.RowFor(participant, months),
            Months = months,
            DueDate = due,
            Status = status,
            ContactOutcome = contact?.ToString(),
            Employment = employment?.ToString(),
            BusinessStarted = business,
            PractisingSkill = skill,
            MarketAccess = market,
            Reoffence = reoffence?.ToString(),
        });
    }
}
