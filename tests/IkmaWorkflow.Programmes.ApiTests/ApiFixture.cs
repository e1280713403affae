using System.Net;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>One Azurite and one app for a test class, with the organisations of the Cipinang case registered.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _keys = [];
    private AzuriteInstance? _azurite;
    private AppHost? _host;

    internal AppHost Host => _host!;

    public Task<string> ConnectionStringAsync() => Task.FromResult(_azurite!.ConnectionString);

    /// <summary>A client acting for <paramref name="organisationId"/> with its API key.</summary>
    public HttpClient As(string organisationId) => Host.Client(ApiKey.HeaderName, _keys[organisationId]);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _host = await AppHost.StartAsync(_azurite.ConnectionString, new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero));
        using var client = Host.Operator();
        foreach (var organisation in new object[]
        {
            new { id = "dg-ikma", name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka", kind = "MinistryUnit" },
            new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas", facilityClass = "I", city = "Jakarta Timur" },
            new { id = "lpp-tangerang", name = "Lapas Perempuan Kelas IIA Tangerang", kind = "Facility", facilityType = "Lpp", facilityClass = "IIA", city = "Tangerang" },
            new { id = "ditjenpas", name = "Direktorat Jenderal Pemasyarakatan", kind = "CorrectionsUnit" },
            new { id = "ybi", name = "Yayasan Batik Indonesia", kind = "Foundation" },
            new { id = "bapas-jakarta-timur", name = "Bapas Kelas I Jakarta Timur", kind = "ProbationOffice" },
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
}
