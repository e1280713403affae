using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IkmaWorkflow.Programmes.Tests.Privacy;

/// <summary>
/// People's names and emails on a private Azurite: stored sealed with only a keyed hash of the email for lookup,
/// found by email without regard to case, rows from before encryption still found and read, and rows sealed before a
/// key rotation found and read with the previous key. Each read and addition is in the audit log.
/// </summary>
public sealed class EncryptedPeopleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Name = "Rina Petugas";
    private const string Email = "rina.petugas@lapas-cipinang.example.go.id";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AddPersonAsync_RawRow_HoldsNoClearNameOrEmailAndTheAppReadsThem()
    {
        var store = await CreateAsync(new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));

        var added = await AddAsync(store);

        var raw = await store.People.GetEntityAsync<TableEntity>("lapas-cipinang", added);
        foreach (var (key, value) in raw.Value)
        {
            var text = value?.ToString() ?? string.Empty;
            Assert.DoesNotContain("Rina", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("lapas-cipinang.example", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.StartsWith("v1:", raw.Value.GetString("Name"), StringComparison.Ordinal);
        Assert.StartsWith("v1:", raw.Value.GetString("Email"), StringComparison.Ordinal);
        var listed = Assert.IsType<Outcome.Done>(await OrganisationRequests.ListPeopleAsync("lapas-cipinang", Caller.Operator, store, _time, CancellationToken.None));
        var person = Assert.Single((List<OrganisationRequests.PersonView>)listed.Value);
        Assert.Equal((Name, Email), (person.Name, person.Email));
    }

    [Fact]
    public async Task PeopleWithEmailAsync_OtherCase_FindsThePersonByHash()
    {
        var store = await CreateAsync(new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));
        var added = await AddAsync(store);

        var found = await SignInRequests.PeopleWithEmailAsync(store, "  " + Email.ToUpperInvariant(), CancellationToken.None);
        var none = await SignInRequests.PeopleWithEmailAsync(store, "nobody@lapas-cipinang.example.go.id", CancellationToken.None);

        Assert.Equal(added, Assert.Single(found).RowKey);
        Assert.Empty(none);
    }

    [Fact]
    public async Task PeopleWithEmailAsync_RowFromBeforeEncryption_FoundAndReadAsItIs()
    {
        var store = await CreateAsync(new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));
        await store.People.AddEntityAsync(new TableEntity("lapas-cipinang", "psn-legacy")
        {
            ["Name"] = Name,
            ["Email"] = Email,
            ["Role"] = nameof(PersonRole.FacilityStaff),
            ["AddedAt"] = _time.GetUtcNow(),
        });

        var found = await SignInRequests.PeopleWithEmailAsync(store, Email.ToUpperInvariant(), CancellationToken.None);

        Assert.Equal("psn-legacy", Assert.Single(found).RowKey);
        var recipient = Assert.Single(OrganisationPeople.Recipients(store, found));
        Assert.Equal((Email, Name), (recipient.Address, recipient.Name));
    }

    [Fact]
    public async Task PeopleWithEmailAsync_AfterKeyRotation_FindsAndReadsRowsSealedWithThePreviousKey()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var store = await CreateAsync(new PersonalDataCipher(oldKey));
        var added = await AddAsync(store);
        var rotated = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), store.Prefix, new PersonalDataCipher(RandomNumberGenerator.GetBytes(32), oldKey));

        var found = await SignInRequests.PeopleWithEmailAsync(rotated, Email, CancellationToken.None);

        Assert.Equal(added, Assert.Single(found).RowKey);
        Assert.Equal(Name, rotated.PersonalData.OpenText(found[0].SealedName));
    }

    [Fact]
    public async Task AddAndListPeople_EachAddsAnAuditRowNamingWhoAndWhom()
    {
        var store = await CreateAsync(new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));
        var added = await AddAsync(store);
        var facility = new Caller("lapas-cipinang", OrganisationKind.Facility);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.IsType<Outcome.Done>(await OrganisationRequests.ListPeopleAsync("lapas-cipinang", facility, store, _time, CancellationToken.None));

        var page = (AuditLog.AuditPage)Assert.IsType<Outcome.Done>(await AuditLog.ReadAsync(Caller.Operator, null, null, null, null, store, _time, CancellationToken.None)).Value;
        Assert.Collection(
            page.Entries,
            read => Assert.Equal(("lapas-cipinang", "api-key", nameof(AuditAction.PeopleRead), "lapas-cipinang", added), (read.OrganisationId, read.Credential, read.Action, read.SubjectOrganisationId, Assert.Single(read.SubjectIds))),
            add => Assert.Equal(("operator", "operator-key", nameof(AuditAction.PersonAdded), "lapas-cipinang", added), (add.OrganisationId, add.Credential, add.Action, add.SubjectOrganisationId, Assert.Single(add.SubjectIds))));
        Assert.All(page.Entries, e => Assert.Equal(TimeSpan.FromHours(7), e.At.Offset));
    }

    [Fact]
    public async Task ResealAsync_ClearRowsAndRowsOfThePreviousKey_SealedWithTheNewKeySoThePreviousCanGo()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var store = await CreateAsync(new PersonalDataCipher(oldKey));
        var added = await AddAsync(store);
        await store.People.AddEntityAsync(new TableEntity("lapas-cipinang", "psn-legacy") { ["Name"] = "Dewi Lama", ["Email"] = "dewi@lapas-cipinang.example.go.id", ["Role"] = "FacilityStaff" });
        await store.Identities.AddEntityAsync(new TableEntity("prg-legacy", "p-legacy") { ["FullName"] = "Budi Santoso", ["ContactConsent"] = true, ["Contact"] = "0812-3456-7890", ["RetentionUntil"] = "2030-01-31" });
        // Stored form answers: one kept in clear before answers were sealed, one under the old key, and a refusal's
        // (which keeps no answer worth sealing).
        const string answer = """{"participants":[{"id":"p-legacy","fullName":"Budi Santoso"}]}""";
        await store.Submissions.AddEntityAsync(new SubmissionEntity { PartitionKey = "lapas-cipinang", RowKey = "answer-clear", State = "Completed", Body = answer });
        await store.Submissions.AddEntityAsync(new SubmissionEntity { PartitionKey = "lapas-cipinang", RowKey = "answer-old-key", State = "Completed", Body = store.PersonalData.Seal(answer) });
        await store.Submissions.AddEntityAsync(new SubmissionEntity { PartitionKey = "lapas-cipinang", RowKey = "answer-refused", State = "Refused", Body = "urn:ikma-workflow:problem:invalid-form" });
        var rotated = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), store.Prefix, new PersonalDataCipher(newKey, oldKey));

        var outbox = new EmailOutbox(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), _time, rotated.PersonalData, new EmailStorageNames(UniqueName.ForTable("outbox"), UniqueName.Create("email-outbox"), UniqueName.Create("emails")));
        Assert.Equal(5, await PersonalDataResealer.RunAsync(rotated, outbox, _time, CancellationToken.None));
        Assert.Equal(0, await PersonalDataResealer.RunAsync(rotated, outbox, _time, CancellationToken.None));

        // One audit row for the resealing that rewrote rows, counted per table; none for the run that found nothing.
        var audit = (AuditLog.AuditPage)Assert.IsType<Outcome.Done>(await AuditLog.ReadAsync(Caller.Operator, null, null, null, null, rotated, _time, CancellationToken.None)).Value;
        var resealed = Assert.Single(audit.Entries, e => e.Action == nameof(AuditAction.PersonalDataResealed));
        Assert.Equal((AuditLog.SystemOrganisation, AuditLog.ResealActor, 5), (resealed.OrganisationId, resealed.Credential, resealed.Count));
        Assert.Equal($"Identities 1, People 2, Sessions 0, Submissions 2, EmailOutbox 0, certificate PDFs 0; key {rotated.PersonalData.KeyId}", resealed.Detail);

        var onlyNewKey = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), store.Prefix, new PersonalDataCipher(newKey));
        var identity = (await onlyNewKey.Identities.GetEntityAsync<IdentityEntity>("prg-legacy", "p-legacy")).Value;
        Assert.Equal(("Budi Santoso", "0812-3456-7890"), (onlyNewKey.PersonalData.OpenText(identity.SealedFullName), onlyNewKey.PersonalData.Open(identity.SealedContact)));
        Assert.Equal(added, Assert.Single(await SignInRequests.PeopleWithEmailAsync(onlyNewKey, Email, CancellationToken.None)).RowKey);
        var legacy = Assert.Single(await SignInRequests.PeopleWithEmailAsync(onlyNewKey, "DEWI@lapas-cipinang.example.go.id", CancellationToken.None));
        Assert.Equal("Dewi Lama", onlyNewKey.PersonalData.OpenText(legacy.SealedName));
        Assert.NotNull(legacy.EmailHash);
        foreach (var row in new[] { "answer-clear", "answer-old-key" })
        {
            var stored = (await onlyNewKey.Submissions.GetEntityAsync<SubmissionEntity>("lapas-cipinang", row)).Value;
            Assert.DoesNotContain("Budi Santoso", stored.Body, StringComparison.Ordinal);
            Assert.Equal(answer, onlyNewKey.PersonalData.Open(stored.Body));
        }

        Assert.Equal("urn:ikma-workflow:problem:invalid-form", (await onlyNewKey.Submissions.GetEntityAsync<SubmissionEntity>("lapas-cipinang", "answer-refused")).Value.Body);
    }

    [Fact]
    public async Task ResealAsync_AuditRowCannotBeWritten_RewritesNothingAndTheNextRunDoes()
    {
        var store = await CreateAsync(new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));
        await store.Identities.AddEntityAsync(new TableEntity("prg-legacy", "p-legacy") { ["FullName"] = "Budi Santoso", ["ContactConsent"] = false, ["RetentionUntil"] = "2030-01-31" });
        var outbox = new EmailOutbox(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), _time, store.PersonalData, new EmailStorageNames(UniqueName.ForTable("outbox"), UniqueName.Create("email-outbox"), UniqueName.Create("emails")));

        // The audit table gone: its row cannot be written, as when storage refuses the write.
        await store.AuditLog.DeleteAsync();
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => PersonalDataResealer.RunAsync(store, outbox, _time, CancellationToken.None));

        var untouched = (await store.Identities.GetEntityAsync<TableEntity>("prg-legacy", "p-legacy")).Value;
        Assert.Equal(("Budi Santoso", null), (untouched.GetString("FullName"), untouched.GetString(nameof(IdentityEntity.SealedFullName))));

        await store.AuditLog.CreateIfNotExistsAsync();
        Assert.Equal(1, await PersonalDataResealer.RunAsync(store, outbox, _time, CancellationToken.None));

        var sealedRow = (await store.Identities.GetEntityAsync<IdentityEntity>("prg-legacy", "p-legacy")).Value;
        Assert.Equal("Budi Santoso", store.PersonalData.OpenText(sealedRow.SealedFullName));
        var audit = (AuditLog.AuditPage)Assert.IsType<Outcome.Done>(await AuditLog.ReadAsync(Caller.Operator, null, null, null, null, store, _time, CancellationToken.None)).Value;
        Assert.Equal(1, Assert.Single(audit.Entries, e => e.Action == nameof(AuditAction.PersonalDataResealed)).Count);
    }

    private async Task<RecordStore> CreateAsync(PersonalDataCipher cipher)
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), "e" + Guid.NewGuid().ToString("N")[..12], cipher);
        await store.EnsureCreatedAsync(CancellationToken.None);
        var registered = await OrganisationRequests.RegisterAsync(
            Caller.Operator, new FormBody(JsonSerializer.SerializeToElement(new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas" }), null), store, _time, CancellationToken.None);
        Assert.IsType<Outcome.Created>(registered);
        return store;
    }

    private async Task<string> AddAsync(RecordStore store)
    {
        var person = await OrganisationRequests.AddPersonAsync(
            "lapas-cipinang", Caller.Operator, new FormBody(JsonSerializer.SerializeToElement(new { name = Name, email = Email, role = "FacilityStaff" }), null), store, _time, CancellationToken.None);
        return ((OrganisationRequests.PersonView)Assert.IsType<Outcome.Created>(person).Value).Id;
    }
}
