using System.Net;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>The release form over HTTP on Azurite: scheduling and rescheduling the follow-up checkpoints, and its refusals.</summary>
public sealed class ReleaseFormTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task Release_OnLastDayOfJanuary_SchedulesFourCheckpointsAtMonthEnds()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var bapas = fixture.As("bapas-jakarta-timur");
        var year = programme.End.Year + 1;
        var released = new DateOnly(year, 1, 31);

        var (response, body) = await bapas.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(released), route = "Parole" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Parole", FollowUpFixture.Text(released)), (body!["route"]!.GetValue<string>(), body["releaseDate"]!.GetValue<string>()));
        var february = DateTime.IsLeapYear(year) ? 29 : 28;
        Assert.Equal(
            [(1, $"{year}-02-{february}"), (6, $"{year}-07-31"), (12, $"{year + 1}-01-31"), (24, $"{year + 2}-01-31")],
            Checkpoints(body).Select(c => (c["months"]!.GetValue<int>(), c["dueDate"]!.GetValue<string>())).ToArray());
        Assert.All(Checkpoints(body), c => Assert.Equal(("Scheduled", "bapas-jakarta-timur"), (c["status"]!.GetValue<string>(), c["responsibleId"]!.GetValue<string>())));

        using var ministry = fixture.As("dg-ikma");
        var listed = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray();
        Assert.Equal(4, listed.Count);
        Assert.All(listed, c => Assert.Equal(programme.Inmate, c!["participantId"]!.GetValue<string>()));
        var participant = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants"))!.AsArray().Single(p => p!["id"]!.GetValue<string>() == programme.Inmate);
        Assert.Equal(FollowUpFixture.Text(released), participant!["releaseDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Release_DateChanged_RecomputesScheduledCheckpointsAndKeepsReportedOne()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var bapas = fixture.As("bapas-jakarta-timur");
        var firstDate = fixture.Today;
        var (first, _) = await facility.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(firstDate), route = "PreReleaseLeave" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var oneMonth = firstDate.AddMonths(1);
        fixture.MoveTo(oneMonth);
        var (reported, _) = await bapas.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/follow-ups/1", new { contactOutcome = "Declined", reoffence = "No" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        // Parole came through: the person was in fact released ten days later than first reported.
        var corrected = firstDate.AddDays(10);
        var (changed, body) = await facility.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(corrected), route = "Parole" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var checkpoints = Checkpoints(body!);
        Assert.Equal(
            [(1, FollowUpFixture.Text(oneMonth), "Reported"), (6, FollowUpFixture.Text(corrected.AddMonths(6)), "Scheduled"), (12, FollowUpFixture.Text(corrected.AddMonths(12)), "Scheduled"), (24, FollowUpFixture.Text(corrected.AddMonths(24)), "Scheduled")],
            checkpoints.Select(c => (c["months"]!.GetValue<int>(), c["dueDate"]!.GetValue<string>(), c["status"]!.GetValue<string>())).ToArray());
        Assert.Equal("Declined", checkpoints[0]["contactOutcome"]!.GetValue<string>());

        using var ministry = fixture.As("dg-ikma");
        var stored = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray();
        Assert.Equal(checkpoints.Select(c => c.ToJsonString()), stored.Select(c => c!.ToJsonString()));
    }

    [Fact]
    public async Task Release_OfficerOrBadInput_RefusedNamingEveryFieldAndStoresNothing()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");

        var (officer, officerBody) = await ministry.PostJsonAsync(ReleasePath(programme, programme.Officer), new { releaseDate = FollowUpFixture.Text(fixture.Today), route = "EndOfSentence" });
        Assert.Equal(HttpStatusCode.BadRequest, officer.StatusCode);
        Assert.Contains("only inmates", officerBody!["errors"]!["participantId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("hanya warga binaan", officerBody["indonesianErrors"]!["participantId"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var (bad, badBody) = await ministry.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = "2025-13-01", route = "Pardon", responsibleId = "lapas-cipinang" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["releaseDate", "route", "responsibleId"], badBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Contains("expected ProbationOffice or Foundation or CorrectionsUnit", badBody["errors"]!["responsibleId"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var (early, earlyBody) = await ministry.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(programme.Start.AddDays(-1)), route = "Parole" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("before the training began", earlyBody!["errors"]!["releaseDate"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var (unknown, _) = await ministry.PostJsonAsync(ReleasePath(programme, "p-nobody0000"), new { releaseDate = FollowUpFixture.Text(fixture.Today), route = "Parole" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var listed = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray();
        Assert.Empty(listed);
    }

    [Fact]
    public async Task Release_ByPartnerOrBeforeTrainingEnds_Refused()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var partner = fixture.As("ditjenpas");
        using var outsider = fixture.As("ybi");

        var (byPartner, partnerBody) = await partner.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(fixture.Today), route = "Parole" });
        var (byOutsider, _) = await outsider.PostJsonAsync(ReleasePath(programme, programme.Inmate), new { releaseDate = FollowUpFixture.Text(fixture.Today), route = "Parole" });

        Assert.Equal(HttpStatusCode.Forbidden, byPartner.StatusCode);
        Assert.Contains("probation office", partnerBody!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, byOutsider.StatusCode);

        // A programme still enrolling is not past its training.
        using var ministry = fixture.As("dg-ikma");
        var (opened, enrolling) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek {Guid.NewGuid():N}", facilityId = "lapas-cipinang", probationOfficeId = "bapas-jakarta-timur", year = fixture.Today.Year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var (early, earlyBody) = await ministry.PostJsonAsync($"api/programmes/{enrolling!["id"]!.GetValue<string>()}/participants/{programme.Inmate}/release", new { releaseDate = FollowUpFixture.Text(fixture.Today), route = "Parole" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(("urn:ikma-workflow:problem:wrong-stage", "AwaitingActivityLetter"), (earlyBody!["type"]!.GetValue<string>(), earlyBody["stage"]!.GetValue<string>()));
        Assert.Contains("laporan pembebasan", earlyBody["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_ProgrammeWithoutProbationOffice_NeedsResponsibleOrganisation()
    {
        var programme = await fixture.TrainedProgrammeAsync(withProbationOffice: false);
        using var facility = fixture.As("lapas-cipinang");
        var release = new { releaseDate = FollowUpFixture.Text(fixture.Today.AddDays(20)), route = "Assimilation" };

        var (missing, missingBody) = await facility.PostJsonAsync(ReleasePath(programme, programme.SecondInmate), release);
        var (named, namedBody) = await facility.PostJsonAsync(ReleasePath(programme, programme.SecondInmate), new { release.releaseDate, release.route, responsibleId = "ybi" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["responsibleId"], missingBody!["errors"]!.AsObject().Select(e => e.Key).ToArray());
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.All(Checkpoints(namedBody!), c => Assert.Equal("ybi", c["responsibleId"]!.GetValue<string>()));

        // The foundation answers for these checkpoints, so it sees them although it takes no other part in the programme.
        using var foundation = fixture.As("ybi");
        var seen = (await foundation.GetJsonAsync($"api/programmes/{programme.Id}/follow-ups"))!.AsArray();
        Assert.Equal(4, seen.Count);
    }

    private static string ReleasePath(TrainedProgramme programme, string participantId) => $"api/programmes/{programme.Id}/participants/{participantId}/release";

    private static List<JsonNode> Checkpoints(JsonNode body) => [.. body["checkpoints"]!.AsArray().Select(c => c!)];
}
