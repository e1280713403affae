using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>
/// The demo clock is one clock for the whole app: a move made through one host reaches every other host on the same
/// storage and task hub, and a host started again takes the moved time up, never its own earlier start.
/// </summary>
public sealed class DemoClockSharingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2023, 6, 26, 1, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string?> DemoSettings = new() { ["DemoClock:Enabled"] = "true" };

    private AzuriteInstance? _azurite;

    public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task MoveClock_ThroughOneHost_SeenByTheOtherAndByARestartedHost()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var first = await AppHost.StartAsync(_azurite!.ConnectionString, Start, DemoSettings, prefix);
        await using (var second = await AppHost.StartAsync(_azurite.ConnectionString, Start, DemoSettings, prefix))
        {
            using var operatorClient = first.Operator();
            using var moved = await operatorClient.PutAsJsonAsync("api/clock", new { now = "2024-10-01T08:00:00+07:00" });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

            using var other = second.Operator();
            var seen = DateTimeOffset.MinValue;
            await Eventually.TrueAsync(async () => (seen = await UtcAsync(other)) >= new DateTimeOffset(2024, 10, 1, 1, 0, 0, TimeSpan.Zero), () => $"the other host still reads {seen:O}");
            Assert.True(seen < new DateTimeOffset(2024, 10, 1, 1, 5, 0, TimeSpan.Zero), $"The other host reads {seen:O}.");
        }

        // A host started again with the demo's earlier start takes the stored time up: the clock never goes back.
        await using var restarted = await AppHost.StartAsync(_azurite.ConnectionString, Start, DemoSettings, prefix);
        using var client = restarted.Operator();
        var afterRestart = DateTimeOffset.MinValue;
        await Eventually.TrueAsync(async () => (afterRestart = await UtcAsync(client)).Year == 2024, () => $"the restarted host reads {afterRestart:O}");
        Assert.Equal(new DateTime(2024, 10, 1), afterRestart.UtcDateTime.Date);
    }

    private static async Task<DateTimeOffset> UtcAsync(HttpClient client) =>
        DateTimeOffset.Parse((await client.GetFromJsonAsync<JsonNode>("api/clock"))!["utc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
