using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Reliability;

/// <summary>
/// Forms that write twice (enrolment: the names, then the participants; uploads: the file, then its record), lost
/// between their two writes and run again under the same derived ids, as <c>FormSubmissions</c> runs an interrupted
/// submission: the second run stores what the first left out, once, instead of stopping at what the first stored.
/// </summary>
public sealed class InterruptedTwoWriteFormTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Coordinator = new("unit-1", OrganisationKind.MinistryUnit);
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2023, 6, 1, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Enrol_LostAfterTheNamesWereStored_RunAgainEnrolsOnceWithTheirNames()
    {
        // The names go in the first batch, the participants (with the programme) in the second.
        var faults = new TableFault(IsBatch, failing: 2);
        var store = await CreateAsync(faults);
        var body = Body("""{"type":"Inmate","track":"batik","fullName":"Ani Lestari","expectedReleaseMonth":"2024-03"}""");
        var seed = RandomNumberGenerator.GetBytes(32);

        using (RecordId.DeriveFrom(seed))
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => EnrolmentRequests.EnrolAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None));
        }

        Assert.Single(await RowsAsync(store.Identities));
        Assert.Empty(await ProgrammeQueries.ParticipantsAsync(store, "prg-1", CancellationToken.None));

        Outcome again;
        using (RecordId.DeriveFrom(seed))
        {
            again = await EnrolmentRequests.EnrolAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None);
        }

        Assert.IsType<Outcome.Created>(again);
        var participant = Assert.Single(await ProgrammeQueries.ParticipantsAsync(store, "prg-1", CancellationToken.None));
        var identity = Assert.Single(await RowsAsync(store.Identities));
        Assert.Equal(participant.ParticipantId, identity.RowKey);
    }

    [Fact]
    public async Task Enrol_RunAgainAfterItWasWhollyStored_RefusedAsConflictKeepingTheNames()
    {
        var store = await CreateAsync(new TableFault(IsBatch, failing: 0));
        var body = Body("""{"type":"Inmate","track":"batik","fullName":"Budi Santoso","expectedReleaseMonth":"2024-03"}""");
        var seed = RandomNumberGenerator.GetBytes(32);

        using (RecordId.DeriveFrom(seed))
        {
            Assert.IsType<Outcome.Created>(await EnrolmentRequests.EnrolAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None));
        }

        Outcome again;
        using (RecordId.DeriveFrom(seed))
        {
            again = await EnrolmentRequests.EnrolAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None);
        }

        Assert.Equal(ProblemKind.Conflict, Assert.IsType<Problem>(again).Kind);
        Assert.Single(await ProgrammeQueries.ParticipantsAsync(store, "prg-1", CancellationToken.None));
        Assert.Single(await RowsAsync(store.Identities));
    }

    [Fact]
    public async Task UploadDocument_LostAfterTheFileWasStored_RunAgainStoresItsRecordOnce()
    {
        // The document's record is the first insert into the programme's table after the file.
        var faults = new TableFault(r => r.Method == RequestMethod.Post && r.Uri.Path.EndsWith("Programmes", StringComparison.Ordinal), failing: 1);
        var store = await CreateAsync(faults);
        var pdf = TestFiles.Pdf();
        var body = new FormBody(
            JsonDocument.Parse("""{"kind":"Report","description":"Laporan harian"}""").RootElement.Clone(),
            new UploadedFile("laporan.pdf", "application/pdf", pdf.Length, () => new MemoryStream(pdf)));
        var seed = RandomNumberGenerator.GetBytes(32);

        using (RecordId.DeriveFrom(seed))
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => DocumentRequests.UploadAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None));
        }

        Assert.Single(await BlobsAsync(store));

        Outcome again;
        using (RecordId.DeriveFrom(seed))
        {
            again = await DocumentRequests.UploadAsync("prg-1", Coordinator, body, store, Clock, CancellationToken.None);
        }

        Assert.IsType<Outcome.Created>(again);
        var blob = Assert.Single(await BlobsAsync(store));
        var record = Assert.Single(await RowsAsync(store.Programmes), r => r.RowKey.StartsWith(DocumentEntity.Prefix, StringComparison.Ordinal));
        Assert.Equal(blob, record.GetString("BlobName"));
    }

    private static bool IsBatch(Request request) => request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal);

    private static FormBody Body(string json) => new(JsonDocument.Parse(json).RootElement.Clone(), null);

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<string>> BlobsAsync(RecordStore store)
    {
        var names = new List<string>();
        await foreach (var blob in store.Documents.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<RecordStore> CreateAsync(TableFault faults)
    {
        var options = new TableClientOptions();
        options.AddPolicy(faults, HttpPipelinePosition.PerCall);
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString, options), AzuriteClients.Blobs(azurite.ConnectionString), UniqueName.ForTable("twice"));
        await store.EnsureCreatedAsync(CancellationToken.None);
        await store.Programmes.AddEntityAsync(new ProgrammeEntity
        {
            PartitionKey = "prg-1",
            Title = "Pelatihan Batik",
            FacilityId = "lapas-1",
            CoordinatorUnitId = Coordinator.OrganisationId,
            Stage = nameof(ProgrammeStage.Enrolling),
            StartDate = "2023-06-19",
            EndDate = "2023-06-23",
            Year = 2023,
        });
        await store.Programmes.AddEntityAsync(new TrackEntity { PartitionKey = "prg-1", RowKey = TrackEntity.Prefix + "batik", Name = "Batik", NameEnglish = "Batik", Quota = 20 });
        faults.Count = true;
        return store;
    }

    // Fails the n-th request that matches once counting starts, before it reaches the storage, as a connection lost
    // at that moment would; 0 fails none.
    private sealed class TableFault(Func<Request, bool> matches, int failing) : HttpPipelinePolicy
    {
        private int _seen;

        public bool Count { get; set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Check(HttpMessage message)
        {
            if (Count && matches(message.Request) && Interlocked.Increment(ref _seen) == failing)
            {
                throw new RequestFailedException("The connection to the storage was lost (a fault of the test).");
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
