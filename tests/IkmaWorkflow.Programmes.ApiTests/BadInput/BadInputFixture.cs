using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.ApiTests.OpenApi;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// The app with the Cipinang organisations (<see cref="ApiFixture"/>) and three programmes of the ministry at
/// Lapas Cipinang, one at each stage the bad inputs need: waiting for its activity letter, waiting for its plan, and
/// enrolling (track <c>batik</c>, quota 99). Every request a case sends goes through <see cref="SendAsync"/> or
/// <see cref="SendRawAsync"/>, which remember its method and path.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    private readonly ApiFixture _api = new();

    internal AppHost Host => _api.Host;

    internal HttpClient Ministry { get; private set; } = null!;

    internal HttpClient Facility { get; private set; } = null!;

    internal string AwaitingLetterId { get; private set; } = string.Empty;

    internal string AwaitingPlanId { get; private set; } = string.Empty;

    internal string EnrollingId { get; private set; } = string.Empty;

    internal string MouId { get; private set; } = string.Empty;

    internal string LetterId { get; private set; } = string.Empty;

    internal OpenApiDocument OpenApi { get; private set; } = null!;

    /// <summary>The method and path of the last request sent.</summary>
    internal (string Method, string Path) LastRequest { get; private set; }

    /// <summary>The first training day of the enrolling programme (30 days after the clock's today).</summary>
    internal static string TrainingStart => "2024-08-31";

    internal static string TrainingEnd => "2024-09-04";

    public HttpClient As(string organisationId) => _api.As(organisationId);

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        Ministry = _api.As("dg-ikma");
        Facility = _api.As("lapas-cipinang");
        using (var anonymous = new HttpClient { BaseAddress = Host.BaseAddress })
        {
            OpenApi = OpenApiDocument.Parse(await anonymous.GetStringAsync("api/openapi.json"));
        }

        var (_, mou) = await Ministry.PostJsonAsync("api/mous", new
        {
            number = "KB.01/M-IND/2024",
            title = "Pembinaan kemandirian warga binaan",
            partyIds = new[] { "dg-ikma", "ditjenpas" },
            signedOn = "2024-02-01",
            validFrom = "2024-02-01",
            validUntil = "2029-01-31",
            scope = "Bimbingan teknis wirausaha baru IKM bagi warga binaan",
        });
        MouId = mou!["id"]!.GetValue<string>();
        var (_, letter) = await Ministry.PostJsonAsync("api/letters", new
        {
            number = "B-535/IKMA.3/IND/VII/2024",
            letterDate = "2024-07-15",
            issuerId = "dg-ikma",
            facilityIds = new[] { "lapas-cipinang" },
            coveredYear = 2024,
        });
        LetterId = letter!["id"]!.GetValue<string>();

        AwaitingLetterId = await OpenAsync("menunggu surat");
        AwaitingPlanId = await OpenAsync("menunggu rencana");
        await AttachLetterAsync(AwaitingPlanId);
        EnrollingId = await OpenAsync("pendaftaran");
        await AttachLetterAsync(EnrollingId);
        var (planned, body) = await Ministry.PostJsonAsync($"api/programmes/{EnrollingId}/plan", new
        {
            startDate = TrainingStart,
            endDate = TrainingEnd,
            tracks = new[] { new { code = "batik", name = "Batik", nameEnglish = "Batik", quota = 99 } },
        });
        Assert.True(planned.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        Ministry?.Dispose();
        Facility?.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>Sends <paramref name="request"/> with <paramref name="client"/>, remembering where it went.</summary>
    internal async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        LastRequest = (request.Method.Method, request.RequestUri!.OriginalString);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Writes a request on a socket (<see cref="RawHttp"/>), remembering where it went.</summary>
    internal Task<(int Status, JsonNode? Body)> SendRawAsync(HttpClient client, string method, string path, string contentType, byte[] body, long declaredLength)
    {
        LastRequest = (method, path);
        var key = client.DefaultRequestHeaders.Single(h => h.Key == Programmes.Access.ApiKey.HeaderName);
        return RawHttp.SendAsync(Host.BaseAddress, method, path, [(key.Key, key.Value.Single()), ("Content-Type", contentType)], body, declaredLength);
    }

    /// <summary>What the app holds that no bad input may add to: participants and documents of the enrolling programme, programmes, letters, MoUs.</summary>
    internal async Task<string> HoldingsAsync()
    {
        var participants = (await Ministry.GetJsonAsync($"api/programmes/{EnrollingId}/participants"))!.AsArray().Count;
        var documents = (await Ministry.GetJsonAsync($"api/programmes/{EnrollingId}/documents"))!.AsArray().Count;
        var programmes = (await Ministry.GetJsonAsync("api/programmes"))!.AsArray().Count;
        var letters = (await Ministry.GetJsonAsync("api/letters"))!.AsArray().Count;
        var mous = (await Ministry.GetJsonAsync("api/mous"))!.AsArray().Count;
        return string.Create(CultureInfo.InvariantCulture, $"participants {participants}, documents {documents}, programmes {programmes}, letters {letters}, MoUs {mous}");
    }

    private async Task<string> OpenAsync(string what)
    {
        var (opened, body) = await Ministry.PostJsonAsync("api/programmes", new
        {
            title = $"Bimtek masukan buruk ({what})",
            facilityId = "lapas-cipinang",
            probationOfficeId = "bapas-jakarta-timur",
            year = 2024,
        });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    private async Task AttachLetterAsync(string programmeId)
    {
        var (attached, body) = await Ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = LetterId });
        Assert.True(attached.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
    }
}
