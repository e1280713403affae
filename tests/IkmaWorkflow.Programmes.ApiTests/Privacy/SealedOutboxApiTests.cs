using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// The whole app's email outbox sealed at rest: a raw read of the outbox table shows no recipient and no text, while
/// the operators' listing (<c>GET /api/emails</c>) and one email (<c>GET /api/emails/{id}</c>) show them as written.
/// </summary>
public sealed class SealedOutboxApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Outbox_RawTableHoldsNoRecipientOrText_WhileTheListingShowsThem()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var address = $"rina.{unique}@lapas-cipinang.example.go.id";
        var name = $"Rina Petugas {unique}";
        var content = new EmailContent("test", $"Untuk {name}", $"Yth. {name}, ini teks.", $"<p>Yth. {name}</p>");
        var outbox = fixture.Host.App.Services.GetRequiredService<EmailOutbox>();

        var result = await outbox.EnqueueAsync(content, [new EmailRecipient(address, name)], $"test/{Guid.NewGuid():N}", CancellationToken.None);

        var table = fixture.Host.App.Services.GetRequiredService<TableServiceClient>().GetTableClient(outbox.Names.TableName);
        var raw = (await table.GetEntityAsync<TableEntity>("outbox", "email-" + result.Id)).Value;
        var stored = string.Join("\n", raw.Select(p => $"{p.Key}={p.Value}"));
        Assert.DoesNotContain(unique, stored, StringComparison.Ordinal);

        using var operatorClient = fixture.Host.Operator();
        var listed = await Eventually.GetAsync(
            async () => (await operatorClient.GetJsonAsync("api/emails?top=200"))!["emails"]!.AsArray().FirstOrDefault(e => e!["id"]!.GetValue<string>() == result.Id),
            () => $"Email {result.Id} is not listed",
            TimeSpan.FromSeconds(60));
        Assert.Equal(content.Subject, listed["subject"]!.GetValue<string>());
        var to = Assert.Single(listed["to"]!.AsArray());
        Assert.Equal((address, name), (to!["address"]!.GetValue<string>(), to["name"]!.GetValue<string>()));
        var full = await operatorClient.GetJsonAsync($"api/emails/{result.Id}");
        Assert.Equal((content.Text, content.Html), (full!["text"]!.GetValue<string>(), full["html"]!.GetValue<string>()));
    }
}
