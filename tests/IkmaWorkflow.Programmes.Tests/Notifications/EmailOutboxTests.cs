using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Tests.Notifications;

/// <summary>The outbox on Azurite, sending through SendGrid's real client to a local stub.</summary>
public sealed class EmailOutboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private SendGridStub _stub = null!;

    public Task InitializeAsync()
    {
        _stub = SendGridStub.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task EnqueueAsync_NewKey_StoresPendingEmailAndQueuesOneWakeUp()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);

        Assert.True(result.Created);
        Assert.Equal(EmailStatus.Pending, result.Status);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.NotNull(email);
        Assert.Equal(key, email.DedupeKey);
        Assert.Equal(notification.Render(), new EmailContent(email.Kind, email.Subject, email.Text!, email.Html!));
        Assert.Equal(OutboxHarness.Coordinators, email.Recipients);
        Assert.Equal(0, email.Attempts);
        var message = Assert.Single((await harness.Queue.PeekMessagesAsync(10)).Value);
        Assert.Equal(result.Id, JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText))).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Send_Accepted_PostsTheEmailToSendGridAndMarksItSent()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var (notification, key) = OutboxHarness.StageChange();
        var content = notification.Render();

        var result = await harness.Outbox.EnqueueAsync(content, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal("Bearer SG.test-key", request.Headers["Authorization"]);
        var json = request.Json();
        Assert.Equal("noreply@kemenperin.go.id", json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("IKMA Workflow", json.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal(content.Subject, json.GetProperty("subject").GetString());

        // One personalization per recipient, so nobody sees the other addresses.
        var personalizations = json.GetProperty("personalizations").EnumerateArray().ToList();
        Assert.Equal(2, personalizations.Count);
        var first = Assert.Single(personalizations[0].GetProperty("to").EnumerateArray());
        Assert.Equal("koordinator@kemenperin.go.id", first.GetProperty("email").GetString());
        Assert.Equal("Koordinator <Bimtek> & WUB", first.GetProperty("name").GetString());
        var second = Assert.Single(personalizations[1].GetProperty("to").EnumerateArray());
        Assert.Equal("mitra@ybi.example.org", second.GetProperty("email").GetString());
        Assert.False(second.TryGetProperty("name", out _));

        var parts = json.GetProperty("content").EnumerateArray().Select(c => (Type: c.GetProperty("type").GetString(), Value: c.GetProperty("value").GetString())).ToList();
        Assert.Equal([("text/plain", content.Text), ("text/html", content.Html)], parts);
        var customArgs = json.GetProperty("custom_args");
        Assert.Equal(key, customArgs.GetProperty(SendGridTransport.DedupeKeyArgument).GetString());
        Assert.Equal(result.Id, customArgs.GetProperty(SendGridTransport.EmailIdArgument).GetString());

        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.NotNull(email);
        Assert.Equal(EmailStatus.Sent, email.Status);
        Assert.Equal(1, email.Attempts);
        Assert.Equal("sendgrid", email.Delivery);
        Assert.Equal("stub-1", email.ProviderMessageId);
        Assert.NotNull(email.SentAt);
        Assert.Null(email.LastError);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1200 && e.Message.Contains(result.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnqueueAsync_SameKeyTwice_StoresOneEmailAndSendsOnce()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var (notification, key) = OutboxHarness.StageChange();

        var first = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        var second = await harness.Outbox.EnqueueAsync(OutboxHarness.StageChange("Another name").Notification, [new("lain@example.org")], key, CancellationToken.None);
        await harness.DrainAsync(Timeout);
        var third = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.False(third.Created);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal(EmailStatus.Sent, third.Status);
        var request = Assert.Single(_stub.Requests);
        Assert.Contains("Bimtek WUB Batik Cipinang 2024", request.Json().GetProperty("subject").GetString(), StringComparison.Ordinal);

        // Two rows for the key: the email and its key row; nothing of the second call was stored.
        var rows = await harness.Table.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(["email-" + first.Id, "key-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Send_TooManyRequestsThenAccepted_WaitsRetryAfterAndSendsOnce()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        _stub.Enqueue(StubResponse.TooManyRequests(retryAfterSeconds: 2));
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        var requests = _stub.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);

        // Retry-After (2 s) wins over the backoff (200 ms); the queue delay is whole seconds, so allow its rounding down.
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"The retry came {gap.TotalMilliseconds:F0} ms after the 429, before its Retry-After of 2 s.");
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, email!.Status);
        Assert.Equal(2, email.Attempts);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1201 && e.Level == LogLevel.Warning && e.Message.Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_ServerErrorEveryTime_FailsAfterMaxAttemptsAndLogsAnError()
    {
        var options = new EmailOutboxOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, options);
        _stub.Enqueue(StubResponse.ServerError(), StubResponse.ServerError(), StubResponse.ServerError(), StubResponse.ServerError());
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        Assert.Equal(3, _stub.Requests.Count);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Failed, email!.Status);
        Assert.Equal(3, email.Attempts);
        Assert.Null(email.NextAttemptAt);
        Assert.StartsWith("Gave up after 3 attempts", email.LastError, StringComparison.Ordinal);
        Assert.Contains("SendGrid answered 500 InternalServerError: internal error", email.LastError, StringComparison.Ordinal);
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.EventId.Id == 1201));
        var error = Assert.Single(harness.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(1202, error.EventId.Id);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);

        // A failed email stays listed.
        var page = await harness.Outbox.ListAsync(10, null, CancellationToken.None);
        Assert.Equal(EmailStatus.Failed, Assert.Single(page.Emails).Status);
    }

    [Fact]
    public async Task Send_BadRequest_FailsAtOnceWithSendGridsErrorText()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        _stub.Enqueue(new StubResponse(400, """{"errors":[{"message":"The from address does not match a verified Sender Identity.","field":"from","help":"https://sendgrid.com/docs/for-developers/sending-email/sender-identity/"}]}"""));
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        Assert.Single(_stub.Requests);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Failed, email!.Status);
        Assert.Equal(1, email.Attempts);
        Assert.Equal("SendGrid answered 400 BadRequest: from: The from address does not match a verified Sender Identity.", email.LastError);
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId.Id == 1202);
    }

    [Fact]
    public async Task Send_NoAnswerWithinTimeoutThenAccepted_RetriesAndSendsOnce()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, sendTimeout: TimeSpan.FromSeconds(1));
        _stub.Enqueue(StubResponse.Accepted() with { Delay = TimeSpan.FromSeconds(3) });
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        Assert.Equal(2, _stub.Requests.Count);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, email!.Status);
        Assert.Equal(2, email.Attempts);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1201 && e.Message.Contains("did not answer within the timeout", StringComparison.Ordinal));

        // SendGrid may have accepted the first request: the retry that may duplicate it is said so, with the key.
        var lost = Assert.Single(harness.Logs.Entries, e => e.EventId.Id == 1206);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Contains(key, lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SendGridUnreachable_RetriesUntilFailedWithTheNetworkError()
    {
        var options = new EmailOutboxOptions { MaxAttempts = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        var harness = OutboxHarness.Create(azurite.Azurite, $"http://127.0.0.1:{FreePort.Next()}", options);
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Failed, email!.Status);
        Assert.Equal(2, email.Attempts);
        Assert.Contains("SendGrid could not be reached", email.LastError, StringComparison.Ordinal);

        // Nothing was ever sent, so no attempt can have delivered it twice.
        Assert.DoesNotContain(harness.Logs.Entries, e => e.EventId.Id is 1206 or 1207);
    }

    [Fact]
    public async Task ProcessAsync_ManyWakeUpsAtOnce_SendsOnce()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        _stub.Enqueue(StubResponse.Accepted() with { Delay = TimeSpan.FromMilliseconds(500) });
        var (notification, key) = OutboxHarness.StageChange();
        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        var message = JsonSerializer.Serialize(new { id = result.Id });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => harness.Sender.ProcessAsync(message, CancellationToken.None))));
        await harness.DrainAsync(Timeout);

        Assert.Single(_stub.Requests);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, email!.Status);
        Assert.Equal(1, email.Attempts);
    }

    [Fact]
    public async Task ProcessAsync_EmailAlreadySent_SendsNothing()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var (notification, key) = OutboxHarness.StageChange();
        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);
        var before = await harness.RowAsync(result.Id);

        await harness.Sender.ProcessAsync(JsonSerializer.Serialize(new { id = result.Id }), CancellationToken.None);

        Assert.Single(_stub.Requests);
        Assert.Equal(before.ETag, (await harness.RowAsync(result.Id)).ETag);
        Assert.Equal(0, (await harness.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task ProcessAsync_SenderStoppedDuringSend_AnotherSenderTakesOverAfterTheClaimLapses()
    {
        var options = new EmailOutboxOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1), ClaimPeriod = TimeSpan.FromSeconds(2) };
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, options);
        _stub.Enqueue(StubResponse.Accepted() with { Delay = TimeSpan.FromSeconds(10) });
        var (notification, key) = OutboxHarness.StageChange();
        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        var message = JsonSerializer.Serialize(new { id = result.Id });

        // The first sender is stopped while SendGrid has not answered: the email stays claimed.
        using (var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Sender.ProcessAsync(message, stop.Token));
        }

        var claimed = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sending, claimed!.Status);
        await harness.DrainAsync(Timeout);

        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, email!.Status);
        Assert.Equal(2, email.Attempts);

        // The stopped attempt reached SendGrid, which is the documented at-least-once window; the retry came only after the claim lapsed.
        var requests = _stub.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1.9));
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1207 && e.Level == LogLevel.Warning && e.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_TooManyRequestsThenServerErrorThenAccepted_DeliversEveryEmailOnceAndLogsEachWait()
    {
        // SendGrid answers each of three emails 429 with Retry-After: 2, then 500, then 202.
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var emails = new List<(string Key, string Id)>();
        for (var i = 0; i < 3; i++)
        {
            var (notification, key) = OutboxHarness.StageChange($"Bimtek WUB Batik {i}");
            _stub.EnqueueFor(key, StubResponse.TooManyRequests(retryAfterSeconds: 2), StubResponse.ServerError(), StubResponse.Accepted());
            emails.Add((key, (await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None)).Id));
        }

        await harness.DrainAsync(Timeout);

        foreach (var (key, id) in emails)
        {
            // Three attempts of the same request, one accepted: delivered once, none lost.
            var requests = _stub.Requests.Where(r => r.DedupeKey == key).ToList();
            Assert.Equal([429, 500, 202], requests.Select(r => r.AnsweredStatus));
            Assert.Single(requests.Select(r => r.Body).Distinct());
            var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
            Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"The retry came {gap.TotalMilliseconds:F0} ms after the 429, before its Retry-After of 2 s.");
            var email = await harness.Outbox.GetAsync(id, CancellationToken.None);
            Assert.Equal((EmailStatus.Sent, 3), (email!.Status, email.Attempts));
            Assert.StartsWith("stub-", email.ProviderMessageId, StringComparison.Ordinal);

            // The backoff is visible: each failed attempt logged with its wait and SendGrid's answer.
            var waits = harness.Logs.Entries.Where(e => e.EventId.Id == 1201 && e.Message.Contains(id, StringComparison.Ordinal)).Select(e => e.Message).ToList();
            Assert.Equal(2, waits.Count);
            Assert.Contains(waits, m => m.Contains("attempt 1 of 8 failed; next attempt in 00:00:02:", StringComparison.Ordinal) && m.Contains("429", StringComparison.Ordinal));
            Assert.Contains(waits, m => m.Contains("attempt 2 of 8 failed; next attempt in 00:00:00.", StringComparison.Ordinal) && m.Contains("500", StringComparison.Ordinal));
        }

        Assert.Equal(9, _stub.Requests.Count);
        Assert.Equal(3, harness.Logs.Entries.Count(e => e.EventId.Id == 1200));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.EventId.Id is 1202 or 1203 or 1206 or 1207);
    }

    [Fact]
    public async Task Send_SentMarkFailsAfterSendGridAccepted_RetriesTheMarkWhileTheClaimLastsAndSendsOnce()
    {
        // The outbox table refuses the two writes after the claim (the Sent mark and its first retry), as in an outage.
        var tableOptions = new TableClientOptions();
        tableOptions.Retry.MaxRetries = 0;
        tableOptions.AddPolicy(new FailingWrites(first: 2, count: 2), HttpPipelinePosition.PerRetry);
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, tableOptions: tableOptions);
        var (notification, key) = OutboxHarness.StageChange();

        var result = await harness.Outbox.EnqueueAsync(notification, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        Assert.Single(_stub.Requests);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal((EmailStatus.Sent, 1), (email!.Status, email.Attempts));
        Assert.Equal(2, harness.Logs.Entries.Count(e => e.EventId.Id == 1208 && e.Level == LogLevel.Warning));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.EventId.Id is 1203 or 1207);
    }

    [Fact]
    public async Task ProcessAsync_NotAWakeUp_ThrowsFormatException()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);

        await Assert.ThrowsAsync<FormatException>(() => harness.Sender.ProcessAsync("{\"id\":\"../../etc\"}", CancellationToken.None));
        await Assert.ThrowsAsync<FormatException>(() => harness.Sender.ProcessAsync("not json", CancellationToken.None));
    }

    [Fact]
    public async Task ProcessAsync_UnknownEmail_LogsAndSendsNothing()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);

        await harness.Sender.ProcessAsync(JsonSerializer.Serialize(new { id = "0000000000000000001-0123456789ab" }), CancellationToken.None);

        Assert.Empty(_stub.Requests);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1205);
    }

    [Fact]
    public async Task Send_NoSendGridKey_WritesTheEmailToABlobNamedByTimeAndKey()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, sendGridHost: null);
        var (notification, key) = OutboxHarness.StageChange("Bimtek <b>WUB</b> & \"Batik\"");
        var content = notification.Render();

        var result = await harness.Outbox.EnqueueAsync(content, OutboxHarness.Coordinators, key, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, email!.Status);
        Assert.Equal("blob", email.Delivery);
        var blob = Assert.Single(await harness.Container.GetBlobsAsync().ToListAsync());
        Assert.Equal(email.BlobName, blob.Name);
        Assert.Matches($@"^{email.CreatedAt.UtcDateTime:yyyyMMdd}T\d{{9}}Z-programme_[0-9a-f]{{32}}_stage_certification-{result.Id[20..]}\.json$", blob.Name);
        var file = JsonDocument.Parse((await harness.Container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(content.Subject, file.GetProperty("subject").GetString());
        Assert.Equal(content.Text, file.GetProperty("text").GetString());
        Assert.Equal(content.Html, file.GetProperty("html").GetString());
        Assert.Equal(key, file.GetProperty("dedupeKey").GetString());
        Assert.Equal("noreply@kemenperin.go.id", file.GetProperty("from").GetString());
        Assert.Equal(["koordinator@kemenperin.go.id", "mitra@ybi.example.org"], file.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()));
    }

    [Fact]
    public async Task ListAsync_ManyEmails_PagesNewestFirst()
    {
        var time = new StepClock(new DateTimeOffset(2024, 9, 7, 3, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1));
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, time: time);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await harness.Outbox.EnqueueAsync(OutboxHarness.StageChange($"Program {i}").Notification, OutboxHarness.Coordinators, $"list/{i}", CancellationToken.None)).Id);
        }

        var first = await harness.Outbox.ListAsync(2, null, CancellationToken.None);
        var second = await harness.Outbox.ListAsync(2, first.ContinuationToken, CancellationToken.None);
        var third = await harness.Outbox.ListAsync(2, second.ContinuationToken, CancellationToken.None);

        ids.Reverse();
        Assert.Equal(ids, first.Emails.Concat(second.Emails).Concat(third.Emails).Select(e => e.Id));
        Assert.Null(third.ContinuationToken);
        Assert.All(first.Emails, e => Assert.Null(e.Html));
        Assert.Equal("[IKMA] Program 4: tahap Sertifikasi / Program 4: stage Certification", first.Emails[0].Subject);
    }

    [Fact]
    public async Task ListAsync_NothingEverEnqueued_IsEmpty()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);

        var page = await harness.Outbox.ListAsync(10, null, CancellationToken.None);

        Assert.Empty(page.Emails);
        Assert.Null(page.ContinuationToken);
        Assert.Null(await harness.Outbox.GetAsync("0000000000000000001-0123456789ab", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("key\nwith line")]
    public async Task EnqueueAsync_BadDedupeKey_ThrowsNamingIt(string key)
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(OutboxHarness.StageChange().Notification, OutboxHarness.Coordinators, key, CancellationToken.None));

        Assert.Equal("dedupeKey", error.ParamName);
    }

    [Fact]
    public async Task EnqueueAsync_NoRecipients_Throws()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(OutboxHarness.StageChange().Notification, [], "k", CancellationToken.None));

        Assert.Equal("recipients", error.ParamName);
    }

    [Fact]
    public async Task EnqueueAsync_HtmlTooLarge_ThrowsBeforeStoringAnything()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var huge = new EmailContent("test", "Subject", "text", new string('x', EmailOutbox.MaxPartLength + 1));

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Outbox.EnqueueAsync(huge, OutboxHarness.Coordinators, "huge", CancellationToken.None));

        Assert.Empty((await harness.Outbox.ListAsync(10, null, CancellationToken.None)).Emails);
    }

    /// <summary>A clock that moves on by a fixed step each time it is read.</summary>
    private sealed class StepClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private long _reads;

        public override DateTimeOffset GetUtcNow() => start + (step * Interlocked.Increment(ref _reads));
    }

    /// <summary>Fails the entity writes (PUT) numbered <c>first</c> to <c>first + count - 1</c> with 503, as a storage outage would.</summary>
    private sealed class FailingWrites(int first, int count) : HttpPipelinePolicy
    {
        private int _writes;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Fail(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Put && Interlocked.Increment(ref _writes) is var n && n >= first && n < first + count)
            {
                throw new RequestFailedException(503, "Injected: the table service is unavailable.");
            }
        }
    }
}
