using System.Text.Json;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IkmaWorkflow.Programmes.Tests.Access;

/// <summary>
/// Signing in by one-time link and the sessions it opens, on a private Azurite: the same answer for a known and an
/// unknown address, a link that works once and for 15 minutes, two uses at once of which one wins, and sessions that
/// end after 8 hours without use or on sign-out.
/// </summary>
public sealed class SignInRequestsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Email = "petugas@lapas-cipinang.example.go.id";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 9, 2, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RequestLinkAsync_KnownAndUnknownAddress_TheSameAnswerAndOneEmailForTheKnownOnly()
    {
        var (store, outbox, table) = await CreateAsync();

        var known = await RequestAsync(store, outbox, Email.ToUpperInvariant());
        var unknown = await RequestAsync(store, outbox, "nobody@example.go.id");

        Assert.Equal(typeof(Outcome.Done), known.Outcome.GetType());
        Assert.Equal(typeof(Outcome.Done), unknown.Outcome.GetType());
        Assert.Single(known.Tokens);
        Assert.Empty(unknown.Tokens);
        var emails = table.QueryAsync<TableEntity>(e => e.PartitionKey == "outbox").ToBlockingEnumerable().Where(e => e.GetString("Kind") == "sign-in-link").ToList();
        var email = Assert.Single(emails);
        Assert.DoesNotContain(Email, email.GetString("Recipients"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(known.Tokens[0], email.GetString("Text"), StringComparison.Ordinal);
        Assert.Contains(Email, store.PersonalData.OpenText(email.GetString("Recipients")), StringComparison.Ordinal);
        Assert.Contains(known.Tokens[0], store.PersonalData.OpenText(email.GetString("Text")), StringComparison.Ordinal);
        Assert.Contains("Berlaku sampai", store.PersonalData.OpenText(email.GetString("Text")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLinkAsync_NotAnEmailAddress_InvalidNamingTheField()
    {
        var (store, outbox, _) = await CreateAsync();

        var (outcome, tokens) = await RequestAsync(store, outbox, "petugas at lapas");

        var problem = Assert.IsType<Problem>(outcome);
        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Contains("email", ((IReadOnlyDictionary<string, string[]>)problem.Members.Single(m => m.Key == "errors").Value!).Keys);
        Assert.Empty(tokens);
    }

    [Fact]
    public async Task UseLinkAsync_Twice_SignsInOnceOnly()
    {
        var (store, outbox, _) = await CreateAsync();
        var token = (await RequestAsync(store, outbox, Email)).Tokens.Single();

        var first = await SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None);
        var second = await SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None);

        var signedIn = (SignInRequests.SignedIn)Assert.IsType<Outcome.Done>(first).Value;
        Assert.Equal(("lapas-cipinang", OrganisationKind.Facility), (signedIn.Session.Caller.OrganisationId, signedIn.Session.Caller.Kind));
        Assert.Equal(ProblemKind.Gone, Assert.IsType<Problem>(second).Kind);
    }

    [Fact]
    public async Task UseLinkAsync_TwoAtOnce_OnlyOneOpensASession()
    {
        var (store, outbox, _) = await CreateAsync();
        var token = (await RequestAsync(store, outbox, Email)).Tokens.Single();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None)));

        Assert.Single(outcomes.OfType<Outcome.Done>());
        Assert.Equal(5, outcomes.OfType<Problem>().Count());
        Assert.Single(store.Sessions.QueryAsync<SessionEntity>().ToBlockingEnumerable());
    }

    [Fact]
    public async Task UseLinkAsync_After15Minutes_Refused()
    {
        var (store, outbox, _) = await CreateAsync();
        var token = (await RequestAsync(store, outbox, Email)).Tokens.Single();

        _time.Advance(TimeSpan.FromMinutes(15));
        var outcome = await SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None);

        Assert.Equal("sign-in-link-not-valid", Assert.IsType<Problem>(outcome).Name);
    }

    [Fact]
    public async Task UseLinkAsync_UnknownOrMalformedToken_TheSameRefusal()
    {
        var (store, _, _) = await CreateAsync();

        var unknown = await SignInRequests.UseLinkAsync(RandomToken.New(), store, _time, NullLogger.Instance, CancellationToken.None);
        var malformed = await SignInRequests.UseLinkAsync("<script>", store, _time, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(Assert.IsType<Problem>(unknown).Detail, Assert.IsType<Problem>(malformed).Detail);
    }

    [Fact]
    public async Task StoredRows_HoldOnlyHashes_NeverTheTokenOrCookie()
    {
        var (store, outbox, _) = await CreateAsync();
        var token = (await RequestAsync(store, outbox, Email)).Tokens.Single();
        var signedIn = (SignInRequests.SignedIn)((Outcome.Done)await SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None)).Value;

        var link = Assert.Single(store.SignInLinks.QueryAsync<TableEntity>().ToBlockingEnumerable());
        var session = Assert.Single(store.Sessions.QueryAsync<TableEntity>().ToBlockingEnumerable());

        Assert.Equal(RandomToken.Hash(token), link.PartitionKey);
        Assert.Equal(RandomToken.Hash(signedIn.CookieValue), session.PartitionKey);
        Assert.DoesNotContain(link, p => p.Value is string s && s.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(session, p => p.Value is string s && s.Contains(signedIn.CookieValue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindAsync_UsedWithinEightHours_SlidesOnAndEndsAfterEightIdleHours()
    {
        var (store, outbox, _) = await CreateAsync();
        var cookie = await SignInAsync(store, outbox);

        _time.Advance(TimeSpan.FromHours(7));
        Assert.NotNull(await PersonSessions.FindAsync(cookie, store, _time, NullLogger.Instance, CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(7));
        Assert.NotNull(await PersonSessions.FindAsync(cookie, store, _time, NullLogger.Instance, CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(8));

        Assert.Null(await PersonSessions.FindAsync(cookie, store, _time, NullLogger.Instance, CancellationToken.None));
        Assert.Empty(store.Sessions.QueryAsync<SessionEntity>().ToBlockingEnumerable());
    }

    [Fact]
    public async Task CloseAsync_SignedOut_TheCookieNoLongerOpensTheSession()
    {
        var (store, outbox, _) = await CreateAsync();
        var cookie = await SignInAsync(store, outbox);

        await PersonSessions.CloseAsync(cookie, store, NullLogger.Instance, CancellationToken.None);

        Assert.Null(await PersonSessions.FindAsync(cookie, store, _time, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task PurgeEndedAsync_ExpiredLinksAndEndedSessions_DeletedAndCurrentOnesKept()
    {
        var (store, outbox, _) = await CreateAsync();
        var ended = await SignInAsync(store, outbox);
        Assert.Single((await RequestAsync(store, outbox, Email)).Tokens);

        // Nine hours on: the first session ended unseen, both links expired (one used, one not); a new sign-in now.
        _time.Advance(TimeSpan.FromHours(9));
        var current = await SignInAsync(store, outbox);
        Assert.Equal(3, store.SignInLinks.QueryAsync<SignInLinkEntity>().ToBlockingEnumerable().Count());
        Assert.Equal(2, store.Sessions.QueryAsync<SessionEntity>().ToBlockingEnumerable().Count());

        var purged = await SignInRequests.PurgeEndedAsync(store, _time, NullLogger.Instance, CancellationToken.None);

        Assert.Equal((2, 1), purged);
        var link = Assert.Single(store.SignInLinks.QueryAsync<SignInLinkEntity>().ToBlockingEnumerable());
        Assert.True(link.ExpiresAt > _time.GetUtcNow());
        Assert.Single(store.Sessions.QueryAsync<SessionEntity>().ToBlockingEnumerable());
        Assert.NotNull(await PersonSessions.FindAsync(current, store, _time, NullLogger.Instance, CancellationToken.None));
        Assert.Null(await PersonSessions.FindAsync(ended, store, _time, NullLogger.Instance, CancellationToken.None));
        Assert.Equal((0, 0), await SignInRequests.PurgeEndedAsync(store, _time, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task RequestLinkAsync_AuditRowCannotBeWritten_StoresNoLinkAndQueuesNoEmail()
    {
        var (store, outbox, table) = await CreateAsync();

        // The audit table gone: the row for the people found cannot be written, as when storage refuses the write.
        await store.AuditLog.DeleteAsync();
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => RequestAsync(store, outbox, Email));

        Assert.Empty(store.SignInLinks.QueryAsync<SignInLinkEntity>().ToBlockingEnumerable());
        // The outbox makes its table with its first email: there may be none yet.
        await table.CreateIfNotExistsAsync();
        Assert.DoesNotContain(table.QueryAsync<TableEntity>(e => e.PartitionKey == "outbox").ToBlockingEnumerable(), e => e.GetString("Kind") == "sign-in-link");

        await store.AuditLog.CreateIfNotExistsAsync();
        var (outcome, tokens) = await RequestAsync(store, outbox, Email);

        Assert.IsType<Outcome.Done>(outcome);
        Assert.Single(tokens);
        Assert.Single(store.SignInLinks.QueryAsync<SignInLinkEntity>().ToBlockingEnumerable());
    }

    private async Task<string> SignInAsync(RecordStore store, EmailOutbox outbox)
    {
        var token = (await RequestAsync(store, outbox, Email)).Tokens.Single();
        return ((SignInRequests.SignedIn)((Outcome.Done)await SignInRequests.UseLinkAsync(token, store, _time, NullLogger.Instance, CancellationToken.None)).Value).CookieValue;
    }

    private async Task<(Outcome Outcome, List<string> Tokens)> RequestAsync(RecordStore store, EmailOutbox outbox, string email)
    {
        var tokens = new List<string>();
        var outcome = await SignInRequests.RequestLinkAsync(
            new FormBody(JsonSerializer.SerializeToElement(new { email }), null),
            token =>
            {
                tokens.Add(token);
                return new Uri($"http://localhost:7071/api/pages/sign-in/link?token={token}");
            },
            store, outbox, _time, NullLogger.Instance, CancellationToken.None);
        return (outcome, tokens);
    }

    private async Task<(RecordStore Store, EmailOutbox Outbox, TableClient OutboxTable)> CreateAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var store = new RecordStore(tables, AzuriteClients.Blobs(azurite.ConnectionString), "s" + Guid.NewGuid().ToString("N")[..12]);
        var names = new EmailStorageNames(UniqueName.ForTable("outbox"), UniqueName.Create("email-outbox"), UniqueName.Create("emails"));
        var outbox = new EmailOutbox(tables, new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), _time, store.PersonalData, names);
        await store.EnsureCreatedAsync(CancellationToken.None);
        var registered = await OrganisationRequests.RegisterAsync(
            Caller.Operator, new FormBody(JsonSerializer.SerializeToElement(new { id = "lapas-cipinang", name = "Lapas Kelas I Cipinang", kind = "Facility", facilityType = "Lapas" }), null), store, _time, CancellationToken.None);
        Assert.IsType<Outcome.Created>(registered);
        var person = await OrganisationRequests.AddPersonAsync(
            "lapas-cipinang", Caller.Operator, new FormBody(JsonSerializer.SerializeToElement(new { name = "Rina Petugas", email = Email, role = "FacilityStaff" }), null), store, _time, CancellationToken.None);
        Assert.IsType<Outcome.Created>(person);
        return (store, outbox, tables.GetTableClient(names.TableName));
    }
}
