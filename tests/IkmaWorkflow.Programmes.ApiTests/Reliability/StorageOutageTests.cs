using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Testing;
using Xunit.Abstractions;

namespace IkmaWorkflow.Programmes.ApiTests.Reliability;

/// <summary>
/// The records storage stopped under the running app and started again on the same data: every request with an
/// organisation key answers 503 with a problem within seconds (no 500, no hang), the app lives on, and forms sent with
/// Idempotency-Keys and retried until answered are stored exactly once each. Figures go to the test output (README,
/// Reliability). <c>IKMA_OUTAGE_SECONDS</c> makes the outage under traffic last at least that long (60 for the
/// README's figure); by default it lasts until every sender has met the outage a few times.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, string> _keys = [];
    private AzuriteInstance? _azurite;
    private AppHost? _host;

    private AzuriteInstance Azurite => _azurite!;

    private AppHost Host => _host!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync(persistent: true);
        _host = await AppHost.StartAsync(Azurite.ConnectionString, new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero));
        using var client = Host.Operator();
        foreach (var organisation in new object[]
        {
            new { id = "dg-ikma", name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka", kind = "MinistryUnit" },
            new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas", facilityClass = "I", city = "Jakarta Timur" },
            new { id = "ybi", name = "Yayasan Batik Indonesia", kind = "Foundation" },
        })
        {
            var (response, body) = await client.PostJsonAsync("api/organisations", organisation);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            _keys[body!["organisation"]!["id"]!.GetValue<string>()] = body["apiKey"]!.GetValue<string>();
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

    [Fact]
    public async Task Requests_StorageStopped_Answer503ProblemWithinSecondsAndTheAppRecovers()
    {
        using var ministry = Client("dg-ikma");
        using var foundation = Client("ybi");
        using var operatorClient = Host.Operator();
        var person = new { name = "Sari Dewi", email = "sari.dewi@ybi.example", role = "Trainer" };
        await Azurite.StopAsync();

        var answers = new List<(string What, HttpResponseMessage Response, TimeSpan Took)>
        {
            await TimedAsync("GET programmes (organisation key)", () => ministry.GetAsync("api/programmes")),
            await TimedAsync("GET people (organisation key)", () => foundation.GetAsync("api/organisations/ybi/people")),
            await TimedAsync("POST person (organisation key)", () => foundation.SendAsync(Post("api/organisations/ybi/people", person, "add-sari"))),
            await TimedAsync("POST programme (organisation key)", () => ministry.SendAsync(Post("api/programmes", new { title = "Bimtek Batik", facilityId = "lapas-cipinang", year = 2024 }, "open-batik"))),
            await TimedAsync("GET organisations (operator key)", () => operatorClient.GetAsync("api/organisations")),
        };

        foreach (var (what, response, took) in answers)
        {
            output.WriteLine($"{what}: {(int)response.StatusCode} in {took.TotalMilliseconds:0} ms");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            await AssertStorageUnavailableProblemAsync(response);
            Assert.True(took < NoHang, $"{what} took {took.TotalSeconds:0.0} s to answer during the outage.");
        }

        await Azurite.RestartAsync();
        await Eventually.TrueAsync(async () => (await ministry.GetAsync("api/programmes")).StatusCode == HttpStatusCode.OK, "The app did not answer again after the storage came back.");
        var retried = await foundation.SendAsync(Post("api/organisations/ybi/people", person, "add-sari"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var people = JsonNode.Parse(await foundation.GetStringAsync("api/organisations/ybi/people"))!.AsArray();
        Assert.Single(people, p => p!["name"]!.GetValue<string>() == "Sari Dewi");
    }

    [Fact]
    public async Task Forms_SentWithIdempotencyKeysThroughAnOutage_EachStoredExactlyOnce()
    {
        const int Forms = 60;
        const int Senders = 6;
        var minimumOutage = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("IKMA_OUTAGE_SECONDS") ?? "0", CultureInfo.InvariantCulture));
        var answers = new ConcurrentQueue<(int Form, HttpStatusCode Status, string? Type, TimeSpan Took, DateTime At)>();
        var done = 0;
        var next = -1;
        using var foundation = Client("ybi");
        foundation.Timeout = TimeSpan.FromSeconds(60);

        async Task SendAsync()
        {
            for (var form = Interlocked.Increment(ref next); form < Forms; form = Interlocked.Increment(ref next))
            {
                var person = new { name = $"Peserta Gangguan {form:00}", email = $"peserta{form:00}@ybi.example", role = "Trainer" };
                for (var attempt = 1; ; attempt++)
                {
                    Assert.True(attempt < 1000, $"Form {form} was not answered for good after {attempt} attempts.");
                    var started = Stopwatch.GetTimestamp();
                    var response = await foundation.SendAsync(Post("api/organisations/ybi/people", person, $"outage-{form:00}"));
                    var text = await response.Content.ReadAsStringAsync();
                    var type = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(text)!["type"]!.GetValue<string>() : null;
                    answers.Enqueue((form, response.StatusCode, type, Stopwatch.GetElapsedTime(started), DateTime.UtcNow));
                    if (response.StatusCode == HttpStatusCode.Created || type == "urn:ikma-workflow:problem:submission-applied-earlier")
                    {
                        Interlocked.Increment(ref done);
                        break;
                    }
                }
            }
        }

        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAsync)).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref done) >= Forms / 4 || senders.Any(s => s.IsFaulted), "A quarter of the forms were not stored before the outage.");
        await Azurite.StopAsync();
        var stopped = DateTime.UtcNow;
        await Eventually.TrueAsync(
            () => answers.Count(a => a.At > stopped && a.Status == HttpStatusCode.ServiceUnavailable) >= 3 * Senders && DateTime.UtcNow - stopped >= minimumOutage || senders.Any(s => s.IsFaulted),
            "The senders did not meet the outage.",
            minimumOutage + Eventually.Patience);
        await Azurite.RestartAsync();
        var restarted = DateTime.UtcNow;
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(120));

        var during = answers.Where(a => a.At > stopped && a.At - a.Took < restarted).ToList();
        var unavailable = during.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).Select(a => a.Took.TotalMilliseconds).Order().ToList();
        var firstAfter = answers.Where(a => a.At - a.Took > restarted && a.Status == HttpStatusCode.Created).Select(a => a.At).DefaultIfEmpty(restarted).Min();
        output.WriteLine($"{Forms} forms, {Senders} senders, {answers.Count} answers; outage {(restarted - stopped).TotalSeconds:0.0} s");
        output.WriteLine($"503 during the outage: {unavailable.Count}, {Percentile(unavailable, 0.5):0} ms median, {Percentile(unavailable, 0.99):0} ms p99, {unavailable.DefaultIfEmpty().Max():0} ms max");
        output.WriteLine($"first form stored {(firstAfter - restarted).TotalMilliseconds:0} ms after the restart");
        foreach (var group in answers.GroupBy(a => (a.Status, a.Type)).OrderBy(g => g.Key.Status))
        {
            output.WriteLine($"  {(int)group.Key.Status} {group.Key.Type ?? string.Empty}: {group.Count()}");
        }

        Assert.DoesNotContain(answers, a => a.Status == HttpStatusCode.InternalServerError);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.Equal("urn:ikma-workflow:problem:storage-unavailable", a.Type));
        Assert.All(answers, a => Assert.True(a.Took < NoHang, $"Form {a.Form} waited {a.Took.TotalSeconds:0.0} s for its answer ({(int)a.Status})."));
        Assert.NotEmpty(unavailable);
        var people = JsonNode.Parse(await foundation.GetStringAsync("api/organisations/ybi/people"))!.AsArray();
        var stored = people.Select(p => p!["name"]!.GetValue<string>()).Where(n => n.StartsWith("Peserta Gangguan", StringComparison.Ordinal)).ToList();
        Assert.Equal(Forms, stored.Count);
        Assert.Equal(Forms, stored.Distinct().Count());
        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("api/health")).StatusCode);
    }

    private HttpClient Client(string organisationId) => Host.Client(ApiKey.HeaderName, _keys[organisationId]);

    private static HttpRequestMessage Post(string path, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static async Task<(string, HttpResponseMessage, TimeSpan)> TimedAsync(string what, Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        return (what, response, Stopwatch.GetElapsedTime(started));
    }

    private static async Task AssertStorageUnavailableProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:ikma-workflow:problem:storage-unavailable", body["type"]!.GetValue<string>());
        Assert.Equal("Penyimpanan tidak tersedia", body["indonesian"]!["title"]!.GetValue<string>());
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
