using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.CustomHandler.Storage;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.FunctionApp.Tests.Notifications;

/// <summary>
/// The built app run standalone on a private Azurite: its <c>SendEmail</c> queue function sends outbox emails through
/// SendGrid's client to a local stub, or into the <c>emails</c> container without a key, and <c>GET /api/emails</c>
/// lists them behind the operator key.
/// </summary>
public sealed class NotificationAppTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OperatorKey = "test-operator-key-5d1e8b7a";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task SendEmail_SendGridKeySet_SendsThroughSendGridAndListsTheEmailAsSent()
    {
        await using var stub = SendGridStub.Start();
        var port = FreePort.Next();
        var settings = Settings(port);
        settings["SendGrid__ApiKey"] = "SG.app-test-key";
        settings["SendGrid__FromEmail"] = "noreply@kemenperin.go.id";
        settings["SendGrid__FromName"] = "Ditjen IKMA";
        settings["SendGrid__Host"] = stub.Host;
        await using var app = AppProcess.StartBuilt(settings);
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));
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
        var listed = await WaitForStatusAsync(port, enqueued.Id, "Sent", app);
        Assert.Equal("sendgrid", listed.GetProperty("delivery").GetString());
        Assert.Equal("stub-1", listed.GetProperty("providerMessageId").GetString());
        Assert.EndsWith("+07:00", listed.GetProperty("sentAt").GetString(), StringComparison.Ordinal);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task SendEmail_NoSendGridKey_WritesTheEmailToTheEmailsContainerAndListsIt()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(Settings(port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));
        var content = Notification("Bimtek <WUB> & Batik").Render();
        var key = $"programme/{Guid.NewGuid():N}/stage/certification";

        var enqueued = await Outbox().EnqueueAsync(content, [new EmailRecipient("koordinator@kemenperin.go.id")], key, CancellationToken.None);
        var listed = await WaitForStatusAsync(port, enqueued.Id, "Sent", app);

        Assert.Equal("blob", listed.GetProperty("delivery").GetString());
        var blobName = listed.GetProperty("blobName").GetString();
        Assert.NotNull(blobName);
        var blob = StorageClients.CreateBlobService(azurite.ConnectionString).GetBlobContainerClient("emails").GetBlobClient(blobName);
        var file = JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(content.Html, file.GetProperty("html").GetString());

        var one = await GetAsync(port, $"api/emails/{enqueued.Id}", OperatorKey);
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(content.Html, one.Json.GetProperty("html").GetString());
        Assert.Equal(content.Text, one.Json.GetProperty("text").GetString());
        Assert.Equal(key, one.Json.GetProperty("dedupeKey").GetString());
        Assert.Equal("koordinator@kemenperin.go.id", one.Json.GetProperty("to")[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task ListEmails_Paged_ReturnsNewestFirstWithALinkToTheNextPage()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(Settings(port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));
        var outbox = Outbox();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await outbox.EnqueueAsync(Notification($"Program {i}"), [new EmailRecipient("koordinator@kemenperin.go.id")], $"paging/{Guid.NewGuid():N}", CancellationToken.None)).Id);
            await Task.Delay(5);
        }

        var first = await GetAsync(port, "api/emails?top=2", OperatorKey);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var next = first.Json.GetProperty("next").GetString();
        Assert.NotNull(next);
        var second = await GetAsync(port, new Uri(next).PathAndQuery.TrimStart('/'), OperatorKey);

        var listed = first.Json.GetProperty("emails").EnumerateArray().Concat(second.Json.GetProperty("emails").EnumerateArray()).Select(e => e.GetProperty("id").GetString()).ToList();
        ids.Reverse();
        Assert.Equal(ids, listed.Where(id => id is not null && ids.Contains(id)));
        Assert.Equal(JsonValueKind.Null, first.Json.GetProperty("emails")[0].GetProperty("html").ValueKind);
    }

    [Fact]
    public async Task Emails_WithoutOrWithWrongKey_AreRefusedWithProblems()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(Settings(port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        var none = await GetAsync(port, "api/emails", key: null);
        var wrong = await GetAsync(port, "api/emails/0000000000000000001-0123456789ab", "wrong-operator-key-123");
        var unknown = await GetAsync(port, "api/emails/0000000000000000001-0123456789ab", OperatorKey);
        var badTop = await GetAsync(port, "api/emails?top=5000", OperatorKey);

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
        var port = FreePort.Next();
        var settings = Settings(port);
        settings.Remove("OperatorKey");
        await using var app = AppProcess.StartBuilt(settings);
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        AssertProblem(await GetAsync(port, "api/emails", OperatorKey), HttpStatusCode.ServiceUnavailable, "operator-key-not-configured");
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
        await AppProcess.AssertStopsOnBadSettingAsync(key, value, Timeout, named);
    }

    private Dictionary<string, string> Settings(int port)
    {
        var settings = FunctionAppBuild.StandaloneSettings(azurite.ConnectionString, port);
        settings["OperatorKey"] = OperatorKey;
        return settings;
    }

    private static ProgrammeStageChanged Notification(string programme) =>
        new(programme, new BilingualText("Sertifikasi", "Certification"), new BilingualText("daftar peserta lulus", "list of passing participants"), DateTimeOffset.UtcNow);

    // The outbox as the app's code makes it: default names, messages in the encoding of the app's host.json.
    private EmailOutbox Outbox()
    {
        var app = FunctionAppMetadata.Load(FunctionAppBuild.OutputDirectory, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TaskHubName"] = "ikma", [FollowUpFunctions.ScheduleSetting] = FollowUpFunctions.DefaultSchedule, [PrivacyFunctions.ScheduleSetting] = PrivacyFunctions.DefaultSchedule }).Build());
        var queues = StorageClients.CreateQueueService(azurite.ConnectionString);
        return new EmailOutbox(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(queues, app, new QueueWakeups()), TimeProvider.System);
    }

    private static async Task<JsonElement> WaitForStatusAsync(int port, string id, string status, AppProcess app)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await GetAsync(port, "api/emails?top=200", OperatorKey);
            Assert.True(response.Status == HttpStatusCode.OK, $"GET /api/emails answered {response.Status}: {response.Body}{Environment.NewLine}{app.Describe()}");
            var email = response.Json.GetProperty("emails").EnumerateArray().FirstOrDefault(e => e.GetProperty("id").GetString() == id);
            if (email.ValueKind == JsonValueKind.Object && email.GetProperty("status").GetString() == status)
            {
                return email;
            }

            Assert.True(watch.Elapsed < Timeout, $"Email {id} did not reach {status} within {Timeout}: {response.Body}{Environment.NewLine}{app.Describe()}");
            await Task.Delay(200);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body, JsonElement Json)> GetAsync(int port, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(AppHttp.Loopback(port), path));
        if (key is not null)
        {
            request.Headers.Add("x-ikma-operator-key", key);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body.Length == 0 ? "null" : body);
        return (response.StatusCode, body, document.RootElement.Clone());
    }

    private static JsonElement AssertProblem((HttpStatusCode Status, string Body, JsonElement Json) response, HttpStatusCode status, string problem)
    {
        Assert.True(response.Status == status, $"Expected {(int)status}, got {(int)response.Status}: {response.Body}");
        Assert.Equal("urn:ikma-workflow:problem:" + problem, response.Json.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("indonesian").GetProperty("title").GetString()));
        return response.Json;
    }
}
