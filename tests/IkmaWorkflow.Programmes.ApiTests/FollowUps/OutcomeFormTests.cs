using System.Net;
using IkmaWorkflow.Programmes.FollowUps;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>The follow-up outcome form over HTTP on Azurite: who may submit, when, what is required, and the listing.</summary>
public sealed class OutcomeFormTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private static readonly object ReachedWithBusiness = new
    {
        contactOutcome = "Reached",
        employmentStatus = "SelfEmployed",
        businessStarted = true,
        businessSector = "Batik tulis",
        businessRegistered = false,
        incomeBand = "OneToThreeMillion",
        practisingSkill = true,
        marketAccess = true,
        reoffence = "No",
    };

    [Fact]
    public async Task Report_ReachedOutcome_StoredAndListedForThoseWhoMaySeeIt()
    {
        var (programme, path) = await DueCheckpointAsync();
        using var bapas = fixture.As("bapas-jakarta-timur");

        var (response, body) = await bapas.PostJsonAsync(path, ReachedWithBusiness);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Reported", "bapas-jakarta-timur"), (body!["status"]!.GetValue<string>(), body["reportedBy"]!.GetValue<string>()));
        Assert.EndsWith("+07:00", body["reportedAt"]!.GetValue<string>(), StringComparison.Ordinal);

        using var ministry = fixture.As("dg-ikma");
        var listed = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray().Single(c => c!["months"]!.GetValue<int>() == 1)!;
        Assert.Equal(
            ("Reported", "Reached", "SelfEmployed", true, "Batik tulis", false, "OneToThreeMillion", true, true, "No"),
            (listed["status"]!.GetValue<string>(), listed["contactOutcome"]!.GetValue<string>(), listed["employmentStatus"]!.GetValue<string>(), listed["businessStarted"]!.GetValue<bool>(),
             listed["businessSector"]!.GetValue<string>(), listed["businessRegistered"]!.GetValue<bool>(), listed["incomeBand"]!.GetValue<string>(), listed["practisingSkill"]!.GetValue<bool>(),
             listed["marketAccess"]!.GetValue<bool>(), listed["reoffence"]!.GetValue<string>()));

        // A partner of the programme that answers for no checkpoint sees none of them (reoffence is criminal-record data).
        using var partner = fixture.As("ditjenpas");
        Assert.Empty((await partner.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray());
    }

    [Fact]
    public async Task Report_ReachedWithoutDetails_NamesEveryMissingField()
    {
        var (_, path) = await DueCheckpointAsync();
        using var bapas = fixture.As("bapas-jakarta-timur");

        var (missing, missingBody) = await bapas.PostJsonAsync(path, new { contactOutcome = "Reached" });
        var (business, businessBody) = await bapas.PostJsonAsync(path, new { contactOutcome = "Reached", employmentStatus = "Retired", businessStarted = true, incomeBand = "Rich", practisingSkill = "yes", marketAccess = false, reoffence = "No" });
        var (noBusiness, noBusinessBody) = await bapas.PostJsonAsync(path, new { contactOutcome = "Unreachable", businessStarted = false, businessSector = "Kuliner" });
        var (noOutcome, noOutcomeBody) = await bapas.PostJsonAsync(path, new { employmentStatus = "Unemployed" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["employmentStatus", "businessStarted", "incomeBand", "practisingSkill", "marketAccess", "reoffence"], missingBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, business.StatusCode);
        Assert.Equal(["employmentStatus", "businessSector", "businessRegistered", "incomeBand", "practisingSkill"], businessBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Contains("'Retired' is not one of", businessBody["errors"]!["employmentStatus"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Wajib diisi.", businessBody["indonesianErrors"]!["businessSector"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, noBusiness.StatusCode);
        Assert.Equal(["businessSector"], noBusinessBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        Assert.Equal(["contactOutcome"], noOutcomeBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
    }

    [Fact]
    public async Task Report_NotDueAlreadyReportedOrUnreachable_Answers409SayingStatusAndDueDate()
    {
        var (programme, path) = await DueCheckpointAsync();
        using var bapas = fixture.As("bapas-jakarta-timur");
        var sixMonths = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/6";

        var (notDue, notDueBody) = await bapas.PostJsonAsync(sixMonths, new { contactOutcome = "Declined" });
        Assert.Equal(HttpStatusCode.Conflict, notDue.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:follow-up-not-open", notDueBody!["type"]!.GetValue<string>());
        Assert.Equal("Scheduled", notDueBody["checkpointStatus"]!.GetValue<string>());
        var sixMonthsDue = notDueBody["dueDate"]!.GetValue<string>();
        Assert.Contains($"due {sixMonthsDue}", notDueBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("jatuh tempo", notDueBody["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var (first, _) = await bapas.PostJsonAsync(path, new { contactOutcome = "Declined" });
        var (second, secondBody) = await bapas.PostJsonAsync(path, new { contactOutcome = "Unreachable" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Reported", secondBody!["checkpointStatus"]!.GetValue<string>());
        Assert.Contains("already reported by bapas-jakarta-timur", secondBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The second inmate's 1-month checkpoint times out: the orchestration's activity records it unreachable.
        using var facility = fixture.As("lapas-cipinang");
        var release = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.SecondInmate}/release", new { releaseDate = FollowUpFixture.Text(fixture.Today.AddMonths(-1)), route = "ConditionalLeave" });
        Assert.Equal(HttpStatusCode.OK, release.Response.StatusCode);
        var recorded = await new RecordUnreachable(fixture.Store, fixture.Host.Clock).RunAsync(new FollowUpCheckpoint(programme.Id, programme.SecondInmate, 1), CancellationToken.None);
        Assert.Equal("Unreachable", recorded);
        var (late, lateBody) = await bapas.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.SecondInmate}/follow-ups/1", new { contactOutcome = "Reached" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("Unreachable", lateBody!["checkpointStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Report_ByOthersThanResponsible_RefusedOrHidden()
    {
        var (programme, path) = await DueCheckpointAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var outsider = fixture.As("ybi");
        using var ministry = fixture.As("dg-ikma");

        var (byFacility, _) = await facility.PostJsonAsync(path, new { contactOutcome = "Declined" });
        var (byOutsider, _) = await outsider.PostJsonAsync(path, new { contactOutcome = "Declined" });
        var (noCheckpoint, _) = await ministry.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/3", new { contactOutcome = "Declined" });
        var (byCoordinator, _) = await ministry.PostJsonAsync(path, new { contactOutcome = "Declined" });

        Assert.Equal(HttpStatusCode.Forbidden, byFacility.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noCheckpoint.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCoordinator.StatusCode);
    }

    [Fact]
    public async Task RecordUnreachable_RowAlreadyReported_LeavesOutcomeAlone()
    {
        var (programme, path) = await DueCheckpointAsync();
        using var bapas = fixture.As("bapas-jakarta-timur");
        var (reported, _) = await bapas.PostJsonAsync(path, new { contactOutcome = "Declined", reoffence = "Unknown" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        var result = await new RecordUnreachable(fixture.Store, fixture.Host.Clock).RunAsync(new FollowUpCheckpoint(programme.Id, programme.Inmate, 1), CancellationToken.None);

        Assert.Equal("Reported", result);
        using var ministry = fixture.As("dg-ikma");
        var row = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray().Single(c => c!["months"]!.GetValue<int>() == 1)!;
        Assert.Equal(("Reported", "Declined", "Unknown"), (row["status"]!.GetValue<string>(), row["contactOutcome"]!.GetValue<string>(), row["reoffence"]!.GetValue<string>()));
    }

    // A programme whose first inmate was released a month ago, so the 1-month checkpoint is due today (not yet scanned).
    private async Task<(TrainedProgramme Programme, string Path)> DueCheckpointAsync()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var released = fixture.Today;
        var (response, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/release", new { releaseDate = FollowUpFixture.Text(released), route = "Parole" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        fixture.MoveTo(released.AddMonths(1));
        return (programme, $"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/1");
    }
}
