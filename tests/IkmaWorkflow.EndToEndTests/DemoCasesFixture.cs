using System.Diagnostics;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData;
using IkmaWorkflow.DemoData.Cases;
using IkmaWorkflow.Programmes.ApiTests;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>
/// One Azurite and one app, hosted in-process with its demo clock on at 26 June 2023, into which the demo-data
/// command's loader drives both cases over HTTP, exactly as <c>dotnet run --project src/IkmaWorkflow.DemoData</c> does
/// against <c>./run --demo</c>. The tests then read what the app recorded.
/// </summary>
public sealed class DemoCasesFixture : IAsyncLifetime
{
    /// <summary>The address certificates' QR codes link to.</summary>
    public const string PublicBaseUrl = "https://sertifikat.ikma.example.org";

    private AzuriteInstance? _azurite;
    private AppHost? _host;

    internal AppHost Host => _host!;

    /// <summary>The demo's session, with each organisation's API key.</summary>
    public DemoSession Session { get; private set; } = null!;

    /// <summary>Tangerang 2023 as loaded.</summary>
    public CaseResult Tangerang { get; private set; } = null!;

    /// <summary>Cipinang 2024 as loaded.</summary>
    public CaseResult Cipinang { get; private set; } = null!;

    /// <summary>The loader's progress log.</summary>
    public StringWriter Log { get; } = new();

    /// <summary>How long the first load took.</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>A client acting as the operator.</summary>
    public HttpClient Operator => Session.Operator;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _host = await AppHost.StartAsync(_azurite.ConnectionString, DemoLoader.EarliestStart.AddHours(-1), new Dictionary<string, string?>
        {
            ["DemoClock:Enabled"] = "true",
            // The clock jumps by days and months: the timer functions look at it every second.
            ["Standalone:TimerClockCheckInterval"] = "00:00:01",
            ["Certificates:PublicBaseUrl"] = PublicBaseUrl,
        });
        Session = new DemoSession(Host.BaseAddress, AppHost.OperatorKeyValue, TextWriter.Synchronized(Log));
        var watch = Stopwatch.StartNew();
        try
        {
            var cases = await DemoLoader.RunAsync(Session, CancellationToken.None);
            (Tangerang, Cipinang) = (cases[0], cases[1]);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The demo loader failed: {ex.Message}{Environment.NewLine}Its log:{Environment.NewLine}{Log}", ex);
        }

        LoadTime = watch.Elapsed;
    }

    /// <summary>Reads <paramref name="path"/> as the operator; it must answer 2xx.</summary>
    public Task<JsonNode> GetAsync(string path) => Session.GetAsync(Operator, path, CancellationToken.None);

    public async Task DisposeAsync()
    {
        Session?.Dispose();
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

/// <summary>The tests that share one load of both cases run one after another, never beside another class's load.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCasesGroup : ICollectionFixture<DemoCasesFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "demo cases";
}
