using System.Text;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Training;

/// <summary>
/// <see cref="EnrolmentRequests.EnrolCsvAsync"/> on a private Azurite, with a file of a million rows that is never held
/// whole: the programme, caller and stage are checked before the file is opened, and the file is read no further than
/// the row past the limit.
/// </summary>
public sealed class EnrolCsvTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Coordinator = new("unit-1", OrganisationKind.MinistryUnit);
    private static readonly Caller Foundation = new("ybi", OrganisationKind.Foundation);
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("type,track,fullName\n");
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2023, 6, 1, 1, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("prg-absent", "coordinator", ProblemKind.NotFound)]
    [InlineData("prg-1", "foundation", ProblemKind.Forbidden)]
    [InlineData("prg-scheduled", "coordinator", ProblemKind.Conflict)]
    [InlineData("prg/1", "coordinator", ProblemKind.Invalid)]
    public async Task EnrolCsvAsync_ProgrammeCallerOrStageRefused_FileNeverOpened(string programmeId, string who, ProblemKind refusal)
    {
        var store = await CreateAsync();
        var opened = 0;

        var outcome = await EnrolmentRequests.EnrolCsvAsync(
            programmeId, who == "coordinator" ? Coordinator : Foundation, () => { opened++; return Task.FromResult<(Stream?, Problem?)>((MillionRows(), null)); }, store, Clock, CancellationToken.None);

        Assert.Equal(refusal, Assert.IsType<Problem>(outcome).Kind);
        Assert.Equal(0, opened);
    }

    [Fact]
    public async Task EnrolCsvAsync_MillionRows_RefusedAtTheHundredthParticipantHavingReadLittle()
    {
        var store = await CreateAsync();
        var file = MillionRows();

        var outcome = await EnrolmentRequests.EnrolCsvAsync("prg-1", Coordinator, () => Task.FromResult<(Stream?, Problem?)>((file, null)), store, Clock, CancellationToken.None);

        var problem = Assert.IsType<Problem>(outcome);
        var errors = (Dictionary<string, string[]>)problem.Members.Single(m => m.Key == "errors").Value!;
        Assert.Equal("The file lists more than 99 participants (line 101 holds participant 100); one file enrols at most 99: split it.", Assert.Single(errors["participants"]));

        // 100 rows of 26 bytes, and what the decoder and the reader buffer beyond them: never the 26 MB.
        Assert.InRange(file.BytesRead, 100 * 26, 100 * 26 + (16 * 1024));
        Assert.Empty(await ProgrammeQueries.ParticipantsAsync(store, "prg-1", CancellationToken.None));
    }

    private static CountingStream MillionRows() => new(Header, Encoding.UTF8.GetBytes("Officer,batik,Ani Lestari\n"), Header.Length + (1_000_000L * 26));

    private async Task<RecordStore> CreateAsync()
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), UniqueName.ForTable("csv"));
        await store.EnsureCreatedAsync(CancellationToken.None);
        foreach (var (id, stage) in new[] { ("prg-1", ProgrammeStage.Enrolling), ("prg-scheduled", ProgrammeStage.Scheduled) })
        {
            await store.Programmes.AddEntityAsync(new ProgrammeEntity
            {
                PartitionKey = id,
                Title = "Pelatihan Batik",
                FacilityId = "lapas-1",
                CoordinatorUnitId = Coordinator.OrganisationId,
                PartnerIds = Foundation.OrganisationId,
                Stage = stage.ToString(),
                StartDate = "2023-06-19",
                EndDate = "2023-06-23",
                Year = 2023,
            });
            await store.Programmes.AddEntityAsync(new TrackEntity { PartitionKey = id, RowKey = TrackEntity.Prefix + "batik", Name = "Batik", NameEnglish = "Batik", Quota = 99 });
        }

        return store;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
