using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests.Notifications;

/// <summary>
/// The built host on a private Azurite: its <c>SendEmail</c> queue function sends outbox emails through SendGrid's
/// client to a local stub, or into the <c>emails</c> container without a key, and <c>GET /api/emails</c> lists them
/// behind the operator key.
/// </summary>
public sealed class NotificationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OperatorKey = "test-operator-key-5d1e8b7a";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SendEmail_SendGridKeySet_SendsThroughSendGridAndListsTheEmailAsSent()
    {
        await using var stub = SendGridStub.Start();
        var settings = Settings();
        settings["SendGrid__ApiKey"] = "SG.app-test-key";
        settings["SendGrid__FromEmail"] = "noreply@kemenperin.go.id";
        settings["SendGrid__FromName"] = "Ditjen IKMA";
        settings["SendGrid__Host"] = stub.Host;
        await using var host = await StartAsync(settings);
        var content = Notification("Bimtek WUB Batik Cipinang 2024").Render();
        var key = $"programme/{Guid.NewGuid():N}/stage/certification";

        var enqueued = await Outbox().EnqueueAsync(content, [new EmailRecipient("koordinator@kemenperin.go.id", "Koordinator")], key, CancellationToken.None);
        var request = Assert.Single(await stub.WaitForRequestsAsync(1, Timeout));

        var json = request.Json();
        Assert.Equal("Bearer SG.app-test-key", request.Headers["Authorization"]);
        Assert.Equal("noreply@kemenperin.go.id", json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Ditjen IKMA", json.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal(content.Subject, json.GetProperty("subject").GetString());
        Assert.Equal(key, json.GetProperty("custom_args").GetProperty("ikma_dedupe_key").GetString());
        var listed = await WaitForStatusAsync(host, enqueued.Id, "Sent");
        Assert.Equal("sendgrid", listed.GetProperty("delivery").GetString());
        Assert.Equal("stub-1", listed.GetProperty("providerMessageId").GetString());
        Assert.EndsWith("+07:00", listed.GetProperty("sentAt").GetString(), StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task SendEmail_NoSendGridKey_WritesTheEmailToTheEmailsContainerAndListsIt()
    {
        await using var host = await StartAsync(Settings());
        var content = Notification("Bimtek <WUB> & Batik").Render();
        var key = $"programme/{Guid.NewGuid():N}/stage/certification";

        var enqueued = await Outbox().EnqueueAsync(content, [new EmailRecipient("koordinator@kemenperin.go.id")], key, CancellationToken.None);
        var listed = await WaitForStatusAsync(host, enqueued.Id, "Sent");

        Assert.Equal("blob", listed.GetProperty("delivery").GetString());
        var blobName = listed.GetProperty("blobName").GetString();
        Assert.NotNull(blobName);
        var blob = AzuriteClients.Blobs(azurite.ConnectionString).GetBlobContainerClient(EmailStorageNames.Default.ContainerName).GetBlobClient(blobName);
        var file = JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(content.Html, file.GetProperty("html").GetString());

        var one = (await HostHttp.GetAsync(host, $"api/emails/{enqueued.Id}", OperatorKey)).AssertStatus(HttpStatusCode.OK).Json();
        Assert.Equal(content.Html, one.GetProperty("html").GetString());
        Assert.Equal(content.Text, one.GetProperty("text").GetString());
        Assert.Equal(key, one.GetProperty("dedupeKey").GetString());
        Assert.Equal("koordinator@kemenperin.go.id", one.GetProperty("to")[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task ListEmails_Paged_ReturnsNewestFirstWithALinkToTheNextPage()
    {
        await using var host = await StartAsync(Settings());
        var outbox = Outbox();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // Outbox ids order by the enqueue time in ticks, and each enqueue is a storage round trip later than the last.
            ids.Add((await outbox.EnqueueAsync(Notification($"Program {i}"), [new EmailRecipient("koordinator@kemenperin.go.id")], $"paging/{Guid.NewGuid():N}", CancellationToken.None)).Id);
        }

        var first = (await HostHttp.GetAsync(host, "api/emails?top=2", OperatorKey)).AssertStatus(HttpStatusCode.OK).Json();
        var next = first.GetProperty("next").GetString();
        Assert.NotNull(next);
        var second = (await HostHttp.GetAsync(host, new Uri(next).PathAndQuery.TrimStart('/'), OperatorKey)).AssertStatus(HttpStatusCode.OK).Json();

        var listed = first.GetProperty("emails").EnumerateArray().Concat(second.GetProperty("emails").EnumerateArray()).Select(e => e.GetProperty("id").GetString()).ToList();
        ids.Reverse();
        Assert.Equal(ids, listed.Where(id => id is not null && ids.Contains(id)));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("emails")[0].GetProperty("html").ValueKind);
    }

    [Fact]
    public async Task Emails_WithoutOrWithWrongKey_AreRefusedWithProblems()
    {
        await using var host = await StartAsync(Settings());

        var none = await HostHttp.GetAsync(host, "api/emails");
        var wrong = await HostHttp.GetAsync(host, "api/emails/0000000000000000001-0123456789ab", "wrong-operator-key-123");
        var unknown = await HostHttp.GetAsync(host, "api/emails/0000000000000000001-0123456789ab", OperatorKey);
        var badTop = await HostHttp.GetAsync(host, "api/emails?top=5000", OperatorKey);

        AssertProblem(none, HttpStatusCode.Unauthorized, "operator-key-missing");
        AssertProblem(wrong, HttpStatusCode.Unauthorized, "operator-key-wrong");
        AssertProblem(unknown, HttpStatusCode.NotFound, "email-not-found");
        var problem = AssertProblem(badTop, HttpStatusCode.BadRequest, "invalid-query-parameter");
        Assert.Equal("top", problem.GetProperty("parameter").GetString());
        Assert.Contains("5000", problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emails_OperatorKeyNotSet_AreSwitchedOff()
    {
        var settings = Settings();
        settings.Remove("OperatorKey");
        await using var host = await StartAsync(settings);

        AssertProblem(await HostHttp.GetAsync(host, "api/emails", OperatorKey), HttpStatusCode.ServiceUnavailable, "operator-key-not-configured");
    }

    [Theory]
    [InlineData("SendGrid__ApiKey", "SG.key-without-sender", "SendGrid__FromEmail")]
    [InlineData("SendGrid__FromEmail", "not an address", "SendGrid__FromEmail")]
    [InlineData("SendGrid__Host", "ftp://sendgrid.example", "SendGrid__Host")]
    [InlineData("SendGrid__Timeout", "soon", "SendGrid__Timeout")]
    [InlineData("EmailOutbox__MaxAttempts", "0", "EmailOutbox__MaxAttempts")]
    [InlineData("EmailOutbox__FirstRetryDelay", "later", "EmailOutbox__FirstRetryDelay")]
    [InlineData("EmailOutbox__ClaimPeriod", "00:00:05", "EmailOutbox__ClaimPeriod")]
    public async Task Start_BadNotificationSetting_ExitsWithCode2NamingTheKey(string key, string value, string named)
    {
        await HostProcess.AssertStopsOnBadSettingAsync(key, value, named);
    }

    private static async Task<HostProcess> StartAsync(Dictionary<string, string> settings)
    {
        var host = HostProcess.Start("notifying host", settings);
        try
        {
            await host.WaitUntilReadyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private Dictionary<string, string> Settings()
    {
        var settings = HostBuild.Settings(azurite.ConnectionString, FreePort.Next(), HostBuild.NewHub("mail"));
        settings["OperatorKey"] = OperatorKey;
        return settings;
    }

    private static ProgrammeStageChanged Notification(string programme) =>
        new(programme, new BilingualText("Sertifikasi", "Certification"), new BilingualText("daftar peserta lulus", "list of passing participants"), DateTimeOffset.UtcNow);

    // The outbox as the app's code makes it: its table, emails sealed with the development key (the host runs on
    // Azurite without PersonalData__EncryptionKey), and wake-ups on the SendEmail function's queue in the encoding of
    // the app's host.json.
    private EmailOutbox Outbox() =>
        new(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), TimeProvider.System, PersonalDataCipher.Development);

    private static async Task<JsonElement> WaitForStatusAsync(HostProcess host, string id, string status)
    {
        var last = string.Empty;
        JsonElement found = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var response = (await HostHttp.GetAsync(host, "api/emails?top=200", OperatorKey)).AssertStatus(HttpStatusCode.OK);
                last = response.Body;
                found = response.Json().GetProperty("emails").EnumerateArray().FirstOrDefault(e => e.GetProperty("id").GetString() == id);
                return found.ValueKind == JsonValueKind.Object && found.GetProperty("status").GetString() == status;
            },
            () => $"Email {id} did not reach {status}: {last}{Environment.NewLine}{host.Describe()}",
            Timeout,
            HostProcess.PollInterval);
        return found;
    }

    private static JsonElement AssertProblem(HostResponse response, HttpStatusCode status, string problem)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}, got {(int)response.Status}: {response.Body}");
        var json = response.Json();
        Assert.Equal("urn:ikma-workflow:problem:" + problem, json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("indonesian").GetProperty("title").GetString()));
        return json;
    }
}
