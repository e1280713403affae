using System.Net;
using IkmaWorkflow.FunctionApp.Functions.Workflow;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Workflow;

/// <summary>
/// One Azurite and one app for the orchestration guarantees, with the Tangerang case's organisations and a coordinator
/// and a facility officer who get the stage emails. The daily timers are off: the tests run the deadline check
/// themselves (<see cref="CheckDeadlinesAsync"/>), so moving the clock never starts one behind their back.
/// </summary>
public sealed class WorkflowFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _keys = [];
    private AzuriteInstance? _azurite;
    private AppHost? _host;

    internal AppHost Host => _host!;

    public RecordStore Store => Host.App.Services.GetRequiredService<RecordStore>();

    public DurableTaskClient Durable => Host.App.Services.GetRequiredService<DurableTaskClient>();

    public EmailOutbox Outbox => Host.App.Services.GetRequiredService<EmailOutbox>();

    /// <summary>A client acting for <paramref name="organisationId"/> with its API key.</summary>
    public HttpClient As(string organisationId) => Host.Client(ApiKey.HeaderName, _keys[organisationId]);

    /// <summary>Runs the timer function <c>DeadlineCheck</c> once, as its schedule would, with the app's durable client.</summary>
    public Task CheckDeadlinesAsync() =>
        ActivatorUtilities.CreateInstance<DeadlineFunctions>(Host.App.Services).CheckDeadlinesAsync(new TimerInfo(), Durable, CancellationToken.None);

    /// <summary>Every email in the outbox.</summary>
    public async Task<List<OutboxEmail>> EmailsAsync()
    {
        var emails = new List<OutboxEmail>();
        string? token = null;
        do
        {
            var page = await Outbox.ListAsync(200, token, CancellationToken.None);
            emails.AddRange(page.Emails);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return emails;
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _host = await AppHost.StartAsync(_azurite.ConnectionString, new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["AzureWebJobs.DeadlineCheck.Disabled"] = "true",
            ["AzureWebJobs.FollowUpScan.Disabled"] = "true",
            ["AzureWebJobs.RetentionPurge.Disabled"] = "true",
        });
        using var client = Host.Operator();
        foreach (var organisation in new object[]
        {
            new { id = "dg-ikma", name = "Direktorat Jenderal Industri Kecil, Menengah dan Aneka", kind = "MinistryUnit" },
            new { id = "lpp-tangerang", name = "Lapas Perempuan Kelas IIA Tangerang", kind = "Facility", facilityType = "Lpp", facilityClass = "IIA", city = "Tangerang" },
        })
        {
            var (response, body) = await client.PostJsonAsync("api/organisations", organisation);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            _keys[body!["organisation"]!["id"]!.GetValue<string>()] = body["apiKey"]!.GetValue<string>();
        }

        foreach (var (organisation, person) in new (string, object)[]
        {
            ("dg-ikma", new { name = "Rina Koordinator", email = "koordinator.wub@ikma.example", role = "Coordinator" }),
            ("lpp-tangerang", new { name = "Staf Pembinaan", email = "pembinaan@lpp-tangerang.example", role = "FacilityStaff" }),
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
}
