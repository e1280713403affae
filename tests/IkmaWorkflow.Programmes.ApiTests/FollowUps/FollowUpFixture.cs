using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Programmes.ApiTests.FollowUps;

/// <summary>
/// One Azurite and one app for the follow-up tests, with the Cipinang case's organisations and their people. The
/// daily <c>FollowUpScan</c> and <c>RetentionPurge</c> timers are off here: the tests run them themselves, so moving the
/// fake clock never starts one behind their back (<see cref="TimerFollowUpFixture"/> leaves them on).
/// </summary>
public class FollowUpFixture : IAsyncLifetime
{
    public const string OfficerEmail = "pembimbing.kemasyarakatan@bapas-jaktim.example";
    public const string CoordinatorEmail = "koordinator.wub@ikma.example";

    private readonly Dictionary<string, string> _keys = [];
    private AzuriteInstance? _azurite;
    private AppHost? _host;

    internal AppHost Host => _host!;

    /// <summary>The fixture's Azurite, for a second app on the same records.</summary>
    public string ConnectionString => _azurite!.ConnectionString;

    public RecordStore Store => Host.App.Services.GetRequiredService<RecordStore>();

    public DurableTaskClient Durable => Host.App.Services.GetRequiredService<DurableTaskClient>();

    public FollowUpScanner Scanner => ActivatorUtilities.CreateInstance<FollowUpScanner>(Host.App.Services, Durable);

    /// <summary>Today in WIB on the app's clock.</summary>
    public DateOnly Today => DateText.TodayInWib(Host.Clock);

    protected virtual bool TimerEnabled => false;

    /// <summary>A client acting for <paramref name="organisationId"/> with its API key.</summary>
    public HttpClient As(string organisationId) => Host.Client(ApiKey.HeaderName, _keys[organisationId]);

    /// <summary>Moves the clock to 07:30 WIB of <paramref name="day"/> (never backwards: checkpoints and timers assume time moves on).</summary>
    public void MoveTo(DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)), TimeSpan.FromHours(7));
        Assert.True(target >= Host.Clock.GetUtcNow(), $"The clock is at {Host.Clock.GetUtcNow():O} and must not go back to {target:O}.");
        Host.Clock.SetUtcNow(target);
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        // The clock jumps in these tests; the timer looks at it every second, so a jump past 08:00 WIB fires the scan.
        var settings = TimerEnabled
            ? new Dictionary<string, string?> { ["Standalone:TimerClockCheckInterval"] = "00:00:01" }
            : new Dictionary<string, string?>
            {
                ["AzureWebJobs.FollowUpScan.Disabled"] = "true",
                ["AzureWebJobs.RetentionPurge.Disabled"] = "true",
            };
        _host = await AppHost.StartAsync(_azurite.ConnectionString, new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero), settings);
        using var client = Host.Operator();
        foreach (var organisation in new object[]
        {
            new { id = "dg-ikma", name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka", kind = "MinistryUnit" },
            new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas", facilityClass = "I", city = "Jakarta Timur" },
            new { id = "ditjenpas", name = "Direktorat Jenderal Pemasyarakatan", kind = "CorrectionsUnit" },
            new { id = "ybi", name = "Yayasan Batik Indonesia", kind = "Foundation" },
            new { id = "bapas-jakarta-timur", name = "Bapas Kelas I Jakarta Timur", kind = "ProbationOffice" },
        })
        {
            var (response, body) = await client.PostJsonAsync("api/organisations", organisation);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            _keys[body!["organisation"]!["id"]!.GetValue<string>()] = body["apiKey"]!.GetValue<string>();
        }

        foreach (var (organisation, person) in new (string, object)[]
        {
            ("dg-ikma", new { name = "Rina Koordinator", email = CoordinatorEmail, role = "Coordinator" }),
            ("bapas-jakarta-timur", new { name = "Dedi Pembimbing", email = OfficerEmail, role = "ProbationOfficer" }),
            ("bapas-jakarta-timur", new { name = "Tata Usaha Bapas", email = "tu@bapas-jaktim.example", role = "FacilityStaff" }),
        })
        {
            var (response, _) = await client.PostJsonAsync($"api/organisations/{organisation}/people", person);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// A programme driven through the forms to the day after its training week (stage AwaitingClosingReport), with
    /// two inmates and one officer enrolled; the clock ends on that day.
    /// </summary>
    public async Task<TrainedProgramme> TrainedProgrammeAsync(bool withProbationOffice = true)
    {
        using var ministry = As("dg-ikma");
        using var facility = As("lapas-cipinang");
        var start = Today.AddDays(1);
        var end = start.AddDays(4);
        var year = start.Year;
        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new
        {
            title = $"Bimtek Wirausaha Baru IKM Batik {Guid.NewGuid():N}",
            facilityId = "lapas-cipinang",
            partnerIds = new[] { "ditjenpas" },
            probationOfficeId = withProbationOffice ? "bapas-jakarta-timur" : null,
            year,
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = programme!["id"]!.GetValue<string>();

        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(100_000)}/IKMA.3/IND/VII/{year}", letterDate = Text(Today), issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = year });
        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{id}/letter", new { letterId = letter!["id"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        var (planned, _) = await facility.PostJsonAsync($"api/programmes/{id}/plan", new { startDate = Text(start), endDate = Text(end), tracks = new[] { new { code = "batik", name = "Batik cap dan tulis", nameEnglish = "Batik", quota = 25 } } });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);

        var releaseMonth = end.AddMonths(2).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (enrolled, participants) = await facility.PostCsvAsync($"api/programmes/{id}/participants/csv", $"""
            type,track,fullName,expectedReleaseMonth
            Inmate,batik,Budi Santoso,{releaseMonth}
            Inmate,batik,Agus Wijaya,{releaseMonth}
            Officer,batik,Siti Rahmawati,
            """);
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        var ids = participants!["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
        var (closed, _) = await facility.PostJsonAsync($"api/programmes/{id}/enrolment/close", new { });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        MoveTo(end.AddDays(1));
        var view = await ministry.GetJsonAsync($"api/programmes/{id}");
        Assert.Equal("AwaitingClosingReport", view!["stage"]!.GetValue<string>());
        return new TrainedProgramme(id, ids[0], ids[1], ids[2], start, end);
    }

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The follow-up fixture with the daily <c>FollowUpScan</c> timer running, as in production.</summary>
public sealed class TimerFollowUpFixture : FollowUpFixture
{
    protected override bool TimerEnabled => true;
}

/// <summary>A programme past its training week.</summary>
/// <param name="Id">The programme.</param>
/// <param name="Inmate">The first inmate.</param>
/// <param name="SecondInmate">The second inmate.</param>
/// <param name="Officer">The facility officer.</param>
/// <param name="Start">First training day.</param>
/// <param name="End">Last training day.</param>
public sealed record TrainedProgramme(string Id, string Inmate, string SecondInmate, string Officer, DateOnly Start, DateOnly End);
