using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.ApiTests.Privacy;

namespace IkmaWorkflow.Programmes.ApiTests.Training;

/// <summary>
/// Rules that keep a programme's records believable: a release month inside a plausible range, no closing report
/// without attendance, no release date before days the inmate attended.
/// </summary>
public sealed class StageRuleTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    [Theory]
    [InlineData("1900-01", "before the training week")]
    [InlineData("2200-01", "more than 20 years after")]
    public async Task Enrol_ImplausibleReleaseMonth_RefusedNamingTheField(string month, string english)
    {
        var (programmeId, _) = await EnrollingProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");

        var (single, singleBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Inmate", track = "batik", fullName = $"Dewi {month}", expectedReleaseMonth = month });
        var (csv, csvBody) = await facility.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", $"type,track,fullName,expectedReleaseMonth\nOfficer,batik,Eko,\nInmate,batik,Fajar,{month}\n");

        Assert.Equal(HttpStatusCode.BadRequest, single.StatusCode);
        var (errors, indonesian) = PrivacyScenario.Errors(singleBody);
        Assert.Equal(["expectedReleaseMonth"], errors.Select(e => e.Key));
        Assert.Contains(english, errors["expectedReleaseMonth"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(month, indonesian["expectedReleaseMonth"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Equal(["participants[1].expectedReleaseMonth"], PrivacyScenario.Errors(csvBody).English.Select(e => e.Key));
        using var ministry = fixture.As("dg-ikma");
        Assert.Empty((await ministry.GetJsonAsync($"api/programmes/{programmeId}/participants"))!.AsArray());
    }

    [Fact]
    public async Task Enrol_ReleaseMonthAtEachEndOfTheRange_AcceptedAndOneBeyondRefused()
    {
        var (programmeId, start) = await EnrollingProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var first = new DateOnly(start.Year, start.Month, 1);

        var (before, beforeBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Inmate", track = "batik", fullName = "Gita", expectedReleaseMonth = Month(first.AddMonths(-1)) });
        var (after, afterBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Inmate", track = "batik", fullName = "Hana", expectedReleaseMonth = Month(first.AddYears(20).AddMonths(1)) });
        var (earliest, earliestBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Inmate", track = "batik", fullName = "Indah", expectedReleaseMonth = Month(first) });
        var (latest, latestBody) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants", new { type = "Inmate", track = "batik", fullName = "Jaya", expectedReleaseMonth = Month(first.AddYears(20)) });

        Assert.True(before.StatusCode == HttpStatusCode.BadRequest, beforeBody?.ToJsonString());
        Assert.Contains($"before the training week ({FollowUpFixture.Text(start)}", beforeBody!["errors"]!["expectedReleaseMonth"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("sebelum pekan pelatihan", beforeBody["indonesianErrors"]!["expectedReleaseMonth"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(after.StatusCode == HttpStatusCode.BadRequest, afterBody?.ToJsonString());
        Assert.Contains("lebih dari 20 tahun", afterBody!["indonesianErrors"]!["expectedReleaseMonth"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(earliest.StatusCode == HttpStatusCode.Created, earliestBody?.ToJsonString());
        Assert.True(latest.StatusCode == HttpStatusCode.Created, latestBody?.ToJsonString());
    }

    [Fact]
    public async Task ClosingReport_NoAttendanceRecorded_RefusedNamingAttendanceThenAcceptedOnceRecorded()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var everyone = new[] { programme.Inmate, programme.SecondInmate, programme.Officer };
        var (assessed, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/assessments", new { results = everyone.Select(id => new { participantId = id, passed = true, score = 80 }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, assessed.StatusCode);
        var closing = new { closedOn = FollowUpFixture.Text(programme.End), summary = "Pelatihan selesai." };

        var (refused, refusedBody) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/closing-report", closing);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var (errors, indonesian) = PrivacyScenario.Errors(refusedBody);
        Assert.Equal(["attendance"], errors.Select(e => e.Key));
        Assert.Contains("No attendance is recorded", errors["attendance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Belum ada kehadiran tercatat", indonesian["attendance"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("AwaitingClosingReport", (await ministry.GetJsonAsync($"api/programmes/{programme.Id}"))!["stage"]!.GetValue<string>());

        var (absentDay, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/attendance", new { date = FollowUpFixture.Text(programme.Start), present = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, absentDay.StatusCode);
        var (nobody, nobodyBody) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/closing-report", closing with { summary = "Pelatihan selesai (2)." });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        Assert.Contains(FollowUpFixture.Text(programme.Start), PrivacyScenario.Errors(nobodyBody).English["attendance"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/attendance", new { date = FollowUpFixture.Text(programme.Start.AddDays(1)), present = everyone });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var (accepted, acceptedBody) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/closing-report", closing with { summary = "Pelatihan selesai (3)." });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, acceptedBody?.ToJsonString());
    }

    [Fact]
    public async Task Release_InsideTheWeekBeforeDaysAttended_RefusedNamingTheDaysAttended()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        for (var day = programme.Start; day <= programme.End; day = day.AddDays(1))
        {
            // The first inmate attends every day but the last; the second only the first day.
            var present = day < programme.End ? new[] { programme.Inmate, programme.SecondInmate }.Take(day == programme.Start ? 2 : 1).ToArray() : [];
            var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/attendance", new { date = FollowUpFixture.Text(day), present });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }

        var secondDay = programme.Start.AddDays(1);
        var (refused, refusedBody) = await facility.PostJsonAsync(ReleasePath(programme.Id, programme.Inmate), new { releaseDate = FollowUpFixture.Text(secondDay), route = "Parole" });
        var (lastAttended, lastAttendedBody) = await facility.PostJsonAsync(ReleasePath(programme.Id, programme.Inmate), new { releaseDate = FollowUpFixture.Text(programme.End.AddDays(-1)), route = "Parole" });
        var (notAttendedLater, notAttendedLaterBody) = await facility.PostJsonAsync(ReleasePath(programme.Id, programme.SecondInmate), new { releaseDate = FollowUpFixture.Text(secondDay), route = "Parole" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var (errors, indonesian) = PrivacyScenario.Errors(refusedBody);
        Assert.Equal(["releaseDate"], errors.Select(e => e.Key));
        var attendedLater = string.Join(", ", Enumerable.Range(2, 2).Select(d => FollowUpFixture.Text(programme.Start.AddDays(d))));
        Assert.Contains($"attended the training on {attendedLater}", errors["releaseDate"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"hadir dalam pelatihan pada {attendedLater}", indonesian["releaseDate"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(lastAttended.StatusCode == HttpStatusCode.OK, lastAttendedBody?.ToJsonString());
        Assert.True(notAttendedLater.StatusCode == HttpStatusCode.OK, notAttendedLaterBody?.ToJsonString());
    }

    private static string ReleasePath(string programmeId, string participantId) => $"api/programmes/{programmeId}/participants/{participantId}/release";

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // A programme planned for a week a month from today, open for enrolment.
    private async Task<(string Id, DateOnly Start)> EnrollingProgrammeAsync()
    {
        using var ministry = fixture.As("dg-ikma");
        var start = fixture.Today.AddMonths(1);
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek {Guid.NewGuid():N}", facilityId = "lapas-cipinang", probationOfficeId = "bapas-jakarta-timur", year = start.Year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = programme!["id"]!.GetValue<string>();
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(100_000)}/IKMA.3/IND/VII/{start.Year}", letterDate = FollowUpFixture.Text(fixture.Today), issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = start.Year });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{id}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var (planned, _) = await ministry.PostJsonAsync($"api/programmes/{id}/plan", new { startDate = FollowUpFixture.Text(start), endDate = FollowUpFixture.Text(start.AddDays(4)), tracks = new[] { new { code = "batik", name = "Batik", nameEnglish = "Batik", quota = 10 } } });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        return (id, start);
    }
}
