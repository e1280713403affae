using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Testing;
using Microsoft.Playwright;

namespace IkmaWorkflow.Pages.Tests;

/// <summary>
/// One Azurite, one app (with the Cipinang case's organisations and a person for each) and one headless Debian
/// chromium for a test class. Without /usr/bin/chromium every test fails saying how to install it. A subclass may
/// start the app with more <see cref="Settings"/>.
/// </summary>
public partial class PagesFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright never downloads a browser of its own here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string CipinangOfficer = "petugas@lapas-cipinang.example.go.id";
    public const string TangerangOfficer = "petugas@lpp-tangerang.example.go.id";
    public const string FoundationPartner = "mitra@ybi.example.org";
    public const string ProbationOfficer = "pk@bapas-jakarta-timur.example.go.id";

    private readonly Dictionary<string, string> _keys = [];
    private readonly HashSet<string> _linksSeen = [];
    private AzuriteInstance? _azurite;
    private AppHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal AppHost Host => _host!;

    public IBrowser Browser => _browser!;

    /// <summary>App settings beyond the test host's own.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>A client acting for <paramref name="organisationId"/> with its API key: the test's own view of what is stored.</summary>
    public HttpClient As(string organisationId) => Host.Client(ApiKey.HeaderName, _keys[organisationId]);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ChromiumPath}, and it is not installed. Install it with `apt-get install chromium` (.ci/run installs it); Playwright's own browser download is never used.");
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        _azurite = await AzuriteInstance.StartAsync();
        _host = await AppHost.StartAsync(_azurite.ConnectionString, new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero), Settings);
        using var client = Host.Operator();
        foreach (var (organisation, person) in new (object Organisation, object? Person)[]
        {
            (new { id = "dg-ikma", name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka", kind = "MinistryUnit" }, new { name = "Dewi Koordinator", email = "koordinator@kemenperin.example.go.id", role = "Coordinator" }),
            (new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas", facilityClass = "I", city = "Jakarta Timur" }, new { name = "Rina Petugas", email = CipinangOfficer, role = "FacilityStaff" }),
            (new { id = "lpp-tangerang", name = "Lapas Perempuan Kelas IIA Tangerang", kind = "Facility", facilityType = "Lpp", facilityClass = "IIA", city = "Tangerang" }, new { name = "Maya Petugas", email = TangerangOfficer, role = "FacilityStaff" }),
            (new { id = "ditjenpas", name = "Direktorat Jenderal Pemasyarakatan", kind = "CorrectionsUnit" }, null),
            (new { id = "ybi", name = "Yayasan Batik Indonesia", kind = "Foundation" }, new { name = "Sari Mitra", email = FoundationPartner, role = "Trainer" }),
            (new { id = "bapas-jakarta-timur", name = "Bapas Kelas I Jakarta Timur", kind = "ProbationOffice" }, new { name = "Hendra Pembimbing", email = ProbationOfficer, role = "ProbationOfficer" }),
        })
        {
            var (response, body) = await client.PostJsonAsync("api/organisations", organisation);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = body!["organisation"]!["id"]!.GetValue<string>();
            _keys[id] = body["apiKey"]!.GetValue<string>();
            if (person is not null)
            {
                var (added, _) = await client.PostJsonAsync($"api/organisations/{id}/people", person);
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new browser window (its own cookies) at desktop width, or <paramref name="width"/>.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            JavaScriptEnabled = javaScript,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        return await context.NewPageAsync();
    }

    /// <summary>Sets the app's clock to 01:00 UTC (08:00 WIB) of <paramref name="day"/>.</summary>
    public void MoveTo(DateOnly day) => Host.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));

    /// <summary>How many programmes are stored, as the ministry's coordinators list them.</summary>
    public async Task<int> ProgrammeCountAsync()
    {
        using var ministry = As("dg-ikma");
        return ((JsonArray)(await ministry.GetJsonAsync("api/programmes"))!).Count;
    }

    /// <summary>The address of <paramref name="path"/> on the app.</summary>
    public string Url(string path) => new Uri(Host.BaseAddress, path.TrimStart('/')).AbsoluteUri;

    /// <summary>
    /// Signs in as the person with <paramref name="email"/> through the pages, by the link the email carries, from the
    /// sign-in page (<paramref name="onSignInPage"/>: where the browser already is), and waits to have left it.
    /// </summary>
    public async Task SignInAsync(IPage page, string email, bool onSignInPage = false)
    {
        if (!onSignInPage)
        {
            await page.GotoAsync(Url("api/pages/sign-in"));
        }

        await page.GetByLabel("Alamat email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim tautan masuk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Periksa email Anda" })).ToBeVisibleAsync();
        await page.GotoAsync(await SignInLinkAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/api/pages/sign-in"));
    }

    /// <summary>
    /// The sign-in link of the newest email to <paramref name="email"/> not read before, from the <c>emails</c> blob
    /// container, where the app writes every email when no SendGrid key is set (as a developer finds it locally).
    /// </summary>
    public async Task<string> SignInLinkAsync(string email)
    {
        var container = AzuriteClients.Blobs(_azurite!.ConnectionString).GetBlobContainerClient(EmailStorageNames.Default.ContainerName);
        return await Eventually.GetAsync(
            async () =>
            {
                if (!(await container.ExistsAsync()).Value)
                {
                    return null;
                }

                await foreach (var blob in container.GetBlobsAsync())
                {
                    if (_linksSeen.Contains(blob.Name))
                    {
                        continue;
                    }

                    var file = JsonNode.Parse((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString())!;
                    if (file["kind"]!.GetValue<string>() == "sign-in-link" && file["to"]!.AsArray().Any(to => to!["address"]!.GetValue<string>() == email))
                    {
                        _linksSeen.Add(blob.Name);
                        return LinkPattern().Match(file["text"]!.GetValue<string>()).Value;
                    }
                }

                return null;
            },
            () => $"no sign-in email to {email} in container '{EmailStorageNames.Default.ContainerName}'");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [GeneratedRegex(@"http\S+/api/pages/sign-in/link\?token=[A-Za-z0-9_-]+\S*")]
    private static partial Regex LinkPattern();
}
