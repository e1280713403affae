using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using IkmaWorkflow.Programmes.ApiTests;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>Programmes set up through the API by the coordinating ministry, ready for the pages.</summary>
internal static class TestProgrammes
{
    /// <summary>
    /// A programme at Lapas Cipinang (with YBI as partner) planned with one batik track of <paramref name="quota"/>,
    /// its training week starting 30 days after the app's today; it takes enrolments. Titles differ unless given, since
    /// a form without an idempotency key is told apart by its content.
    /// </summary>
    public static async Task<(string Id, string Title, DateOnly Start)> PlannedAsync(PagesFixture fixture, int quota = 30, string? title = null)
    {
        using var ministry = fixture.As("dg-ikma");
        var start = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().AddHours(7).DateTime).AddDays(30);
        var year = start.Year;
        title ??= $"Bimtek WUB Batik Cipinang {RandomNumberGenerator.GetInt32(100_000)}";
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new { title, facilityId = "lapas-cipinang", partnerIds = new[] { "ybi" }, probationOfficeId = "bapas-jakarta-timur", year });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = programme!["id"]!.GetValue<string>();
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(1000)}/IKMA.3/IND/VII/{year}", letterDate = Text(start.AddDays(-40)), issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = year });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{id}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var (planned, _) = await ministry.PostJsonAsync($"api/programmes/{id}/plan", new
        {
            startDate = Text(start),
            endDate = Text(start.AddDays(4)),
            venue = "Balai Latihan Kerja Lapas Cipinang",
            tracks = new[] { new { code = "batik", name = "Batik cap dan tulis", nameEnglish = "Stamped and hand-drawn batik", quota, trainers = new[] { "Sari Mitra" } } },
        });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        return (id, title, start);
    }

    /// <summary>
    /// A planned programme (<see cref="PlannedAsync"/>) with an inmate and two officers enrolled, enrolment closed, the
    /// app's clock on its second training day; answers the participants' ids as the enrolment listed them.
    /// </summary>
    public static async Task<(string Id, string Title, DateOnly Start, string[] Participants)> InTrainingAsync(PagesFixture fixture)
    {
        var (id, title, start) = await PlannedAsync(fixture);
        using var facility = fixture.As("lapas-cipinang");
        var (enrolled, body) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", $"""
            type,track,fullName,expectedReleaseMonth
            Inmate,batik,Budi Santoso,{start.AddMonths(2):yyyy-MM}
            Officer,batik,Siti Rahmawati,
            Officer,batik,Dewi Sartika,
            """);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        fixture.Host.Clock.SetUtcNow(new DateTimeOffset(start.AddDays(1).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));
        return (id, title, start, [.. body!["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())]);
    }

    /// <summary>How many participants the API lists for programme <paramref name="id"/>.</summary>
    public static async Task<int> ParticipantCountAsync(PagesFixture fixture, string id)
    {
        using var ministry = fixture.As("dg-ikma");
        return (await ministry.GetJsonAsync($"api/programmes/{id}/participants"))!.AsArray().Count;
    }

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
