using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Letters;

/// <summary>Submitting activity letters and reading them.</summary>
public static class LetterRequests
{
    /// <summary>A letter as the API shows it, with what was read from its number.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="RawNumber">The number as written.</param>
    /// <param name="Number">The parts read from it.</param>
    /// <param name="LetterDate">The letter's date.</param>
    /// <param name="IssuerId">The issuer.</param>
    /// <param name="MouId">The MoU it follows.</param>
    /// <param name="FacilityIds">The facilities it covers.</param>
    /// <param name="CoveredYear">The year it covers.</param>
    /// <param name="DocumentSha256">SHA-256 of the letter document, when uploaded.</param>
    public sealed record LetterView(string Id, string RawNumber, LetterNumber Number, string LetterDate, string IssuerId, string? MouId, IReadOnlyList<string> FacilityIds, int CoveredYear, string? DocumentSha256)
    {
        internal static LetterView Of(LetterEntity e) =>
            new(e.RowKey, e.RawNumber, LetterNumber.Parse(e.RawNumber), e.LetterDate, e.IssuerId, e.MouId, e.FacilityIds.Split(',', StringSplitOptions.RemoveEmptyEntries), e.CoveredYear, e.DocumentSha256);
    }

    /// <summary>
    /// <c>POST /api/letters</c> (coordinators): registers an activity letter, JSON or multipart with the document. The
    /// number is parsed best-effort and never rejected for its format.
    /// </summary>
    public static async Task<Outcome> SubmitAsync(Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("submit activity letters (coordinators do)", "mengirim surat pelaksanaan kegiatan (dilakukan koordinator)");
        }

        var form = FormReader.For(body.Data);
        var number = form.Text("number", maxLength: 120);
        var date = form.Date("letterDate");
        var issuer = form.Text("issuerId", maxLength: 40);
        var mouId = form.Text("mouId", required: false, maxLength: 40);
        var facilities = form.TextList("facilityIds", maxItems: 100, maxLength: 40);
        var year = form.WholeNumber("coveredYear", 2000, 2100);
        var document = await StoredDocument.CheckAsync(form, body.Document, AcceptedFiles.Letter, required: false, cancellationToken).ConfigureAwait(false);

        await OrganisationLookup.CheckAsync(store, form, "issuerId", [issuer], [OrganisationKind.MinistryUnit], cancellationToken).ConfigureAwait(false);
        await OrganisationLookup.CheckAsync(store, form, "facilityIds", facilities, [OrganisationKind.Facility], cancellationToken).ConfigureAwait(false);
        await MouRequests.CheckRegisteredAsync(store, form, mouId, cancellationToken).ConfigureAwait(false);

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var parsed = LetterNumber.Parse(number!);
        var id = RecordId.New("ltr");
        var entity = new LetterEntity
        {
            RowKey = id,
            RawNumber = number!,
            Classification = parsed.Classification,
            Serial = parsed.Serial,
            Unit = parsed.Unit,
            MinistryCode = parsed.MinistryCode,
            NumberMonth = parsed.Month,
            NumberYear = parsed.Year,
            LetterDate = DateText.Of(date!.Value),
            IssuerId = issuer!,
            MouId = mouId,
            FacilityIds = string.Join(',', facilities),
            CoveredYear = year!.Value,
            RegisteredAt = time.GetUtcNow(),
        };
        if (document is { } file)
        {
            var stored = await StoredDocument.UploadAsync(store.Documents, $"letters/{id}", file, RetentionTag.Permanent, cancellationToken).ConfigureAwait(false);
            entity.DocumentBlob = stored.BlobName;
            entity.DocumentSha256 = stored.Sha256;
        }

        await store.Letters.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return new Outcome.Created($"/api/letters/{id}", LetterView.Of(entity));
    }

    /// <summary><c>GET /api/letters</c>: every letter.</summary>
    public static async Task<Outcome> ListAsync(RecordStore store, CancellationToken cancellationToken)
    {
        var list = new List<LetterView>();
        await foreach (var entity in store.Letters.QueryAsync<LetterEntity>(e => e.PartitionKey == LetterEntity.Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(LetterView.Of(entity));
        }

        return new Outcome.Done(list.OrderByDescending(l => l.LetterDate, StringComparer.Ordinal).ToList());
    }
}
