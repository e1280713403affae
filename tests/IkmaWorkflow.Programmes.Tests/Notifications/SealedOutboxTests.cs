using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Notifications;

/// <summary>
/// The outbox's rows sealed with the personal-data key (docs/personal-data.md): a raw read of the table shows no
/// recipient, subject or text, while SendGrid, the listing and the blob mailbox get them as written; a row stored in
/// clear before encryption still sends and is sealed by the resealing; after a key rotation the resealing moves rows
/// to the new key.
/// </summary>
public sealed class SealedOutboxTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly EmailContent Content = new(
        "test",
        "Sertifikat untuk Budi Santoso / Certificate for Budi Santoso",
        "Yth. Rina Petugas, sertifikat Budi Santoso sudah terbit.",
        "<p>Yth. Rina Petugas, sertifikat <b>Budi Santoso</b> sudah terbit.</p>");

    private static readonly string[] Secrets = ["Budi Santoso", "Rina Petugas", "koordinator@kemenperin.go.id", "Koordinator", "mitra@ybi.example.org"];

    private SendGridStub _stub = null!;

    public Task InitializeAsync()
    {
        _stub = SendGridStub.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task EnqueueAsync_RawRowAndQueueMessage_HoldNoNameAndSendGridGetsTheEmailAsWritten()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host, personalData: new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));

        var result = await harness.Outbox.EnqueueAsync(Content, OutboxHarness.Coordinators, $"test/{Guid.NewGuid():N}", CancellationToken.None);

        var raw = await harness.RowAsync(result.Id);
        foreach (var column in new[] { "Recipients", "Subject", "Text", "Html" })
        {
            Assert.StartsWith(PersonalDataCipher.Prefix, raw.GetString(column), StringComparison.Ordinal);
        }

        AssertNoSecret(RowText(raw));
        var message = Assert.Single((await harness.Queue.PeekMessagesAsync(10)).Value);
        Assert.Equal($$"""{"id":"{{result.Id}}"}""", Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText)));

        var listed = Assert.Single((await harness.Outbox.ListAsync(10, null, CancellationToken.None)).Emails);
        Assert.Equal(Content.Subject, listed.Subject);
        Assert.Equal(OutboxHarness.Coordinators, listed.Recipients);
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(Content, new EmailContent(email!.Kind, email.Subject, email.Text!, email.Html!));

        await harness.DrainAsync(Timeout);
        var json = Assert.Single(_stub.Requests).Json();
        Assert.Equal(Content.Subject, json.GetProperty("subject").GetString());
        var to = json.GetProperty("personalizations").EnumerateArray().Select(p => p.GetProperty("to")[0]).ToList();
        Assert.Equal(("koordinator@kemenperin.go.id", "Koordinator <Bimtek> & WUB"), (to[0].GetProperty("email").GetString(), to[0].GetProperty("name").GetString()));
        var parts = json.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("value").GetString()).ToList();
        Assert.Equal([Content.Text, Content.Html], parts);

        // Marking it sent keeps it sealed.
        Assert.Equal(nameof(EmailStatus.Sent), (await harness.RowAsync(result.Id)).GetString("Status"));
        AssertNoSecret(RowText(await harness.RowAsync(result.Id)));
    }

    [Fact]
    public async Task EnqueueAsync_BatchOf200Certificates_FitsTheTableOnceSealed()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var batch = new CertificateBatchIssued(
            "Bimtek Wirausaha Baru Batik Tulis dan Cap Lapas Kelas I Cipinang 2026",
            [.. Enumerable.Range(1, 200).Select(i => new IssuedCertificate($"IKMA-2026-{i:D5}", "S. R. W."))],
            new DateTimeOffset(2026, 7, 10, 3, 0, 0, TimeSpan.Zero));
        var content = batch.Render();

        var result = await harness.Outbox.EnqueueAsync(content, OutboxHarness.Coordinators, $"test/{Guid.NewGuid():N}", CancellationToken.None);

        Assert.True(content.Html.Length <= EmailOutbox.MaxPartLength, $"{content.Html.Length} characters of HTML");
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        Assert.Equal(content, new EmailContent(email!.Kind, email.Subject, email.Text!, email.Html!));
    }

    [Fact]
    public async Task BlobMailbox_SealedEmail_WritesTheEmailReadable()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, sendGridHost: null);

        var result = await harness.Outbox.EnqueueAsync(Content, OutboxHarness.Coordinators, $"test/{Guid.NewGuid():N}", CancellationToken.None);
        await harness.DrainAsync(Timeout);

        AssertNoSecret(RowText(await harness.RowAsync(result.Id)));
        var email = await harness.Outbox.GetAsync(result.Id, CancellationToken.None);
        var file = (await harness.Container.GetBlobClient(email!.BlobName).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("Budi Santoso", file, StringComparison.Ordinal);
        Assert.Contains("koordinator@kemenperin.go.id", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LegacyClearRow_SendsAsStoredAndTheResealingSealsIt()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, _stub.Host);
        var id = await AddClearRowAsync(harness);

        await harness.Outbox.WakeAsync(id, null, CancellationToken.None);
        await harness.DrainAsync(Timeout);

        var json = Assert.Single(_stub.Requests).Json();
        Assert.Equal(Content.Subject, json.GetProperty("subject").GetString());
        Assert.Equal("koordinator@kemenperin.go.id", json.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal(EmailStatus.Sent, (await harness.Outbox.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Contains("Budi Santoso", RowText(await harness.RowAsync(id)), StringComparison.Ordinal);

        var store = await StoreAsync(PersonalDataCipher.Development);
        Assert.Equal(1, await PersonalDataResealer.RunAsync(store, harness.Outbox, TimeProvider.System, CancellationToken.None));
        Assert.Equal(0, await PersonalDataResealer.RunAsync(store, harness.Outbox, TimeProvider.System, CancellationToken.None));

        AssertNoSecret(RowText(await harness.RowAsync(id)));
        var email = await harness.Outbox.GetAsync(id, CancellationToken.None);
        Assert.Equal((Content.Subject, Content.Text, Content.Html, EmailStatus.Sent), (email!.Subject, email.Text, email.Html, email.Status));
        Assert.Equal(OutboxHarness.Coordinators, email.Recipients);
    }

    [Fact]
    public async Task LegacyClearRowBeingSent_TheResealingLeavesItToTheSenderAndSealsItOnceSent()
    {
        var harness = OutboxHarness.Create(azurite.Azurite, sendGridHost: null);
        var id = await AddClearRowAsync(harness);
        var store = await StoreAsync(PersonalDataCipher.Development);

        // Claimed by a sender: its "Sent" update goes under the ETag it claimed with, which a resealed row would break.
        await SetStatusAsync(harness, id, EmailStatus.Sending);
        var before = await harness.RowAsync(id);

        Assert.Equal(0, await PersonalDataResealer.RunAsync(store, harness.Outbox, TimeProvider.System, CancellationToken.None));
        Assert.Equal(before.ETag, (await harness.RowAsync(id)).ETag);

        await SetStatusAsync(harness, id, EmailStatus.Sent);
        Assert.Equal(1, await PersonalDataResealer.RunAsync(store, harness.Outbox, TimeProvider.System, CancellationToken.None));
        AssertNoSecret(RowText(await harness.RowAsync(id)));
    }

    [Fact]
    public async Task Rotation_TheResealingMovesRowsToTheNewKeySoThePreviousCanGo()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var harness = OutboxHarness.Create(azurite.Azurite, sendGridHost: null, personalData: new PersonalDataCipher(oldKey));
        var sealedWithOld = await harness.Outbox.EnqueueAsync(Content, OutboxHarness.Coordinators, $"test/{Guid.NewGuid():N}", CancellationToken.None);
        var clear = await AddClearRowAsync(harness);
        var rotatedCipher = new PersonalDataCipher(newKey, oldKey);
        var rotated = Outbox(harness, rotatedCipher);
        var onlyNew = Outbox(harness, new PersonalDataCipher(newKey));

        await Assert.ThrowsAsync<PersonalDataKeyException>(() => onlyNew.GetAsync(sealedWithOld.Id, CancellationToken.None));
        Assert.Equal(Content.Subject, (await rotated.GetAsync(sealedWithOld.Id, CancellationToken.None))!.Subject);

        var store = await StoreAsync(rotatedCipher);
        Assert.Equal(2, await PersonalDataResealer.RunAsync(store, rotated, TimeProvider.System, CancellationToken.None));
        Assert.Equal(0, await PersonalDataResealer.RunAsync(store, rotated, TimeProvider.System, CancellationToken.None));

        foreach (var id in new[] { sealedWithOld.Id, clear })
        {
            AssertNoSecret(RowText(await harness.RowAsync(id)));
            var email = await onlyNew.GetAsync(id, CancellationToken.None);
            Assert.Equal(Content, new EmailContent(email!.Kind, email.Subject, email.Text!, email.Html!));
            Assert.Equal(OutboxHarness.Coordinators, email.Recipients);
        }
    }

    private EmailOutbox Outbox(OutboxHarness harness, PersonalDataCipher cipher) =>
        new(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), TimeProvider.System, cipher, harness.Names);

    // An email row and its key row as the outbox stored them before encryption: everything in clear.
    private static async Task<string> AddClearRowAsync(OutboxHarness harness)
    {
        var key = $"legacy/{Guid.NewGuid():N}";
        var hash = OutboxEntity.Hash(key);
        var now = DateTimeOffset.UtcNow;
        var id = OutboxEntity.NewId(now, hash);
        var row = new TableEntity(OutboxEntity.Partition, OutboxEntity.EmailPrefix + id)
        {
            ["Id"] = id,
            ["DedupeKey"] = key,
            ["Kind"] = Content.Kind,
            ["Recipients"] = """[{"address":"koordinator@kemenperin.go.id","name":"Koordinator <Bimtek> & WUB"},{"address":"mitra@ybi.example.org","name":null}]""",
            ["Subject"] = Content.Subject,
            ["Text"] = Content.Text,
            ["Html"] = Content.Html,
            ["CreatedAt"] = now,
            ["Status"] = nameof(EmailStatus.Pending),
            ["Attempts"] = 0,
        };
        var keyRow = new TableEntity(OutboxEntity.Partition, OutboxEntity.KeyPrefix + hash) { ["Id"] = id, ["DedupeKey"] = key, ["CreatedAt"] = now };
        await harness.Table.CreateIfNotExistsAsync();
        await harness.Table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, keyRow), new TableTransactionAction(TableTransactionActionType.Add, row)]);
        return id;
    }

    private static async Task SetStatusAsync(OutboxHarness harness, string id, EmailStatus status) =>
        await harness.Table.UpdateEntityAsync(new TableEntity(OutboxEntity.Partition, OutboxEntity.EmailPrefix + id) { ["Status"] = status.ToString() }, ETag.All, TableUpdateMode.Merge);

    private static string RowText(TableEntity row) => string.Join("\n", row.Select(p => $"{p.Key}={p.Value}"));

    private static void AssertNoSecret(string stored)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<RecordStore> StoreAsync(PersonalDataCipher cipher)
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), "o" + Guid.NewGuid().ToString("N")[..12], cipher);
        await store.EnsureCreatedAsync(CancellationToken.None);
        return store;
    }
}
