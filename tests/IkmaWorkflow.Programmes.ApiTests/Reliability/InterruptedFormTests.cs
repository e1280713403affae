using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.FunctionApp;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Programmes.ApiTests.Reliability;

/// <summary>
/// A form whose write reached storage while the storage failed right after (so its answer could not be kept) applies
/// once when it is sent again: the storage is stopped from inside the form, after its write, and restarted on the same
/// data. <see cref="FormSubmissions"/> runs the domain's real handler on a real record store.
/// </summary>
public sealed class InterruptedFormTests : IAsyncLifetime
{
    private static readonly Caller Foundation = new("ybi", OrganisationKind.Foundation);

    private readonly MovableClock _clock = new(new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero));
    private AzuriteInstance? _azurite;
    private RecordStore? _store;
    private string _prefix = string.Empty;

    private AzuriteInstance Azurite => _azurite!;

    private RecordStore Store => _store!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync(persistent: true);
        _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        _store = new RecordStore(
            new TableServiceClient(Azurite.ConnectionString, IkmaWorkflowApp.WithBoundedRetries(new TableClientOptions())),
            new BlobServiceClient(Azurite.ConnectionString, IkmaWorkflowApp.WithBoundedRetries(new BlobClientOptions())),
            _prefix);
        await Store.EnsureCreatedAsync(CancellationToken.None);
        await Store.Organisations.AddEntityAsync(new OrganisationEntity { RowKey = "ybi", Name = "Yayasan Batik Indonesia", Kind = nameof(OrganisationKind.Foundation) });
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddPerson_StorageFailsAfterTheWrite_RetryInTheSameProcessReplaysTheFirstAnswerAndStoresOnce()
    {
        var submissions = NewProcess();
        var body = Person("Sri Wahyuni");
        var (failure, firstAnswer) = await SubmitThenLoseStorageAsync(submissions, body, "add-sri");
        await Azurite.RestartAsync();

        var retry = await submissions.SubmitAsync(Request(body, "add-sri"), Foundation, () => throw new InvalidOperationException("The form ran again."));

        Assert.True(ApiCalls.IsStorageUnavailable(failure), $"The failed attempt ended with {failure}, which is not answered 503.");
        var replay = Assert.IsType<ContentHttpResult>(retry);
        Assert.Equal(StatusCodes.Status201Created, replay.StatusCode);
        Assert.Equal(firstAnswer, JsonDocument.Parse(replay.ResponseContent!).RootElement.GetProperty("id").GetString());
        Assert.Equal([firstAnswer], await PeopleAsync("Sri Wahyuni"));
    }

    [Fact]
    public async Task AddPerson_StorageFailsAfterTheWrite_RetryInAnotherProcessStoresOnceAndAnswersTheStoredPerson()
    {
        var body = Person("Bambang Irawan");
        var (_, firstAnswer) = await SubmitThenLoseStorageAsync(NewProcess(), body, "add-bambang");
        await Azurite.RestartAsync();
        var other = NewProcess();

        var tooSoon = await other.SubmitAsync(Request(body, "add-bambang"), Foundation, () => throw new InvalidOperationException("The form ran while another process might still run it."));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var retry = await other.SubmitAsync(Request(body, "add-bambang"), Foundation, () => AddPersonAsync(body));

        Assert.Equal("urn:ikma-workflow:problem:submission-in-progress", Assert.IsType<ProblemHttpResult>(tooSoon).ProblemDetails.Type);
        var created = Assert.IsType<Created<object>>(retry);
        Assert.Equal(firstAnswer, ((OrganisationRequests.PersonView)created.Value!).Id);
        Assert.Equal([firstAnswer], await PeopleAsync("Bambang Irawan"));
    }

    [Fact]
    public async Task AnyCreatingForm_StorageFailsAfterTheWrite_RetryAnswersAppliedEarlierAndStoresOnce()
    {
        // A form written like most creating forms: a new id, one Add, no handling of "already exists".
        var body = Person("Nur Aini");
        async Task<IResult> AddRawAsync()
        {
            await Store.People.AddEntityAsync(new PersonEntity { PartitionKey = "ybi", RowKey = RecordId.New("psn"), SealedName = Store.PersonalData.SealText("Nur Aini"), SealedEmail = Store.PersonalData.SealText("nur@ybi.example"), Role = "Trainer" });
            return TypedResults.Created("/api/organisations/ybi/people", "stored");
        }

        var first = NewProcess();
        await Assert.ThrowsAnyAsync<Exception>(() => first.SubmitAsync(Request(body, "add-nur"), Foundation, async () =>
        {
            var answer = await AddRawAsync();
            await Azurite.StopAsync();
            return answer;
        }));
        await Azurite.RestartAsync();
        var other = NewProcess();
        _clock.Advance(TimeSpan.FromMinutes(3));

        var retry = await other.SubmitAsync(Request(body, "add-nur"), Foundation, AddRawAsync);
        var again = await other.SubmitAsync(Request(body, "add-nur"), Foundation, AddRawAsync);

        Assert.All([retry, again], answer =>
        {
            var problem = Assert.IsType<ProblemHttpResult>(answer);
            Assert.Equal(StatusCodes.Status409Conflict, problem.StatusCode);
            Assert.Equal("urn:ikma-workflow:problem:submission-applied-earlier", problem.ProblemDetails.Type);
        });
        Assert.Single(await PeopleAsync("Nur Aini"));
    }

    [Fact]
    public async Task AddPerson_StorageFailsBeforeTheWrite_RetryStoresOnce()
    {
        var submissions = NewProcess();
        var body = Person("Yusuf Hamzah");

        await Assert.ThrowsAnyAsync<Exception>(() => submissions.SubmitAsync(Request(body, "add-yusuf"), Foundation, async () =>
        {
            await Azurite.StopAsync();
            return await AddPersonAsync(body);
        }));
        await Azurite.RestartAsync();
        var retry = await submissions.SubmitAsync(Request(body, "add-yusuf"), Foundation, () => AddPersonAsync(body));

        Assert.IsType<Created<object>>(retry);
        Assert.Single(await PeopleAsync("Yusuf Hamzah"));
    }

    [Fact]
    public async Task AddPerson_AnswerToStoringTheSettledReservationLost_TheClientsRetryMeets412AndTheFormAnswersOnce()
    {
        // The update that settles the reservation reaches the storage, its answer is lost, and the storage client sends
        // it again: the resend meets the ETag of its own first pass (412).
        var lost = new LoseFirstAnswer(request => request.Method == RequestMethod.Put && request.Uri.Path.Contains("Submissions", StringComparison.Ordinal) && request.Headers.TryGetValue("If-Match", out _));
        var options = IkmaWorkflowApp.WithBoundedRetries(new TableClientOptions());
        options.AddPolicy(lost, HttpPipelinePosition.PerRetry);
        var store = new RecordStore(new TableServiceClient(Azurite.ConnectionString, options), new BlobServiceClient(Azurite.ConnectionString, IkmaWorkflowApp.WithBoundedRetries(new BlobClientOptions())), _prefix);
        var submissions = new FormSubmissions(store, _clock, Options.Create(new JsonOptions()));
        var body = Person("Siti Rahmawati");

        var first = await submissions.SubmitAsync(Request(body, "add-siti"), Foundation, () => AddPersonAsync(body));
        var again = await submissions.SubmitAsync(Request(body, "add-siti"), Foundation, () => throw new InvalidOperationException("The form ran again."));

        Assert.True(lost.Lost, "No settling update was sent, so no answer was lost.");
        Assert.IsType<Created<object>>(first);
        Assert.Equal(StatusCodes.Status201Created, Assert.IsType<ContentHttpResult>(again).StatusCode);
        Assert.Single(await PeopleAsync("Siti Rahmawati"));
    }

    // Runs the form once; the storage stops just after the person is stored, so the answer cannot be kept.
    private async Task<(Exception Failure, string PersonId)> SubmitThenLoseStorageAsync(FormSubmissions submissions, string body, string key)
    {
        string? personId = null;
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => submissions.SubmitAsync(Request(body, key), Foundation, async () =>
        {
            var answer = await AddPersonAsync(body);
            personId = ((OrganisationRequests.PersonView)((Created<object>)answer).Value!).Id;
            await Azurite.StopAsync();
            return answer;
        }));
        Assert.NotNull(personId);
        return (failure, personId!);
    }

    private async Task<IResult> AddPersonAsync(string body) =>
        Answers.Of(await OrganisationRequests.AddPersonAsync("ybi", Foundation, new FormBody(JsonDocument.Parse(body).RootElement.Clone(), null), Store, _clock, CancellationToken.None));

    private async Task<List<string>> PeopleAsync(string name)
    {
        var ids = new List<string>();
        await foreach (var person in Store.People.QueryAsync<PersonEntity>(p => p.PartitionKey == "ybi"))
        {
            if (Store.PersonalData.OpenText(person.SealedName) == name)
            {
                ids.Add(person.RowKey);
            }
        }

        return ids;
    }

    // A new FormSubmissions is what another process (or this one restarted) has: no memory of earlier attempts.
    private FormSubmissions NewProcess() => new(Store, _clock, Options.Create(new JsonOptions()));

    private static string Person(string name) =>
        JsonSerializer.Serialize(new { name, email = $"{name.Replace(' ', '.').ToLowerInvariant()}@ybi.example", role = "Trainer" });

    private static HttpRequest Request(string body, string key)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/api/organisations/ybi/people";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        http.Request.Headers[FormSubmissions.HeaderName] = key;
        return http.Request;
    }

    // Lets the first request that matches reach the storage, then throws away its answer as a dropped connection
    // would (an IOException, which the storage client retries).
    private sealed class LoseFirstAnswer(Func<Request, bool> matches) : HttpPipelinePolicy
    {
        public bool Lost { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The app's storage calls are asynchronous.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (!Lost && matches(message.Request))
            {
                Lost = true;
                throw new IOException("The connection was reset before the answer arrived (a fault of the test).");
            }
        }
    }

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
