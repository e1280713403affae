using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Documents;

/// <summary>What a programme document is.</summary>
public enum DocumentKind
{
    /// <summary>A photo of the event.</summary>
    Photo,

    /// <summary>A report (daily, closing, evaluation).</summary>
    Report,

    /// <summary>A signed attendance sheet.</summary>
    AttendanceSheet,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>A programme document's record; row <c>document|{id}</c> in the programme's partition.</summary>
public sealed class DocumentEntity : RecordEntity
{
    /// <summary>The row key prefix.</summary>
    public const string Prefix = "document|";

    /// <summary>A <see cref="DocumentKind"/> name.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>What it shows or says.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>The blob in the documents container.</summary>
    public string BlobName { get; set; } = string.Empty;

    /// <summary>The file name as uploaded.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The content type.</summary>
    public string ContentType { get; set; } = string.Empty;

    /// <summary>Bytes.</summary>
    public long Size { get; set; }

    /// <summary>SHA-256, hex.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>A <see cref="RetentionTag"/> name.</summary>
    public string Retention { get; set; } = string.Empty;

    /// <summary>Whether it shows identifiable faces (sensitive personal data).</summary>
    public bool IdentifiableFaces { get; set; }

    /// <summary>Who uploaded it.</summary>
    public string UploadedBy { get; set; } = string.Empty;

    /// <summary>When.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>When the file was purged at the end of its retention; the record stays so links can say so.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    /// <summary>Why it was purged, in English (such as <c>Retention PersonalData ended on 2027-12-31</c>).</summary>
    public string? PurgeReason { get; set; }

    /// <summary><see cref="RemovedPart"/> names, comma-separated: what was taken out of the upload before storing it.</summary>
    public string? RemovedOnUpload { get; set; }
}

/// <summary>Uploading programme documentation (photos, reports) and listing it.</summary>
public static class DocumentRequests
{
    /// <summary>A document as the API shows it.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Kind">The kind.</param>
    /// <param name="Description">The description.</param>
    /// <param name="FileName">The file name.</param>
    /// <param name="ContentType">The content type.</param>
    /// <param name="Size">Bytes.</param>
    /// <param name="Sha256">SHA-256.</param>
    /// <param name="Retention">The retention tag.</param>
    /// <param name="IdentifiableFaces">Whether it shows identifiable faces.</param>
    /// <param name="UploadedAt">When it was uploaded.</param>
    /// <param name="Purged">Whether the file was purged at the end of its retention (the record stays).</param>
    /// <param name="PurgedAt">When it was purged (WIB).</param>
    /// <param name="PurgeReason">Why, in English.</param>
    /// <param name="Removed">What was taken out of the upload before it was stored (a photo's location metadata), each said in both languages.</param>
    public sealed record DocumentView(
        string Id, string Kind, string Description, string FileName, string ContentType, long Size, string Sha256, string Retention, bool IdentifiableFaces, DateTimeOffset UploadedAt,
        bool Purged, DateTimeOffset? PurgedAt, string? PurgeReason, IReadOnlyList<RemovedPartView> Removed)
    {
        internal static DocumentView Of(DocumentEntity d) =>
            new(d.RowKey[DocumentEntity.Prefix.Length..], d.Kind, d.Description, d.FileName, d.ContentType, d.Size, d.Sha256, d.Retention, d.IdentifiableFaces, d.UploadedAt,
                d.PurgedAt is not null, d.PurgedAt?.ToOffset(TimeSpan.FromHours(7)), d.PurgeReason,
                [.. (d.RemovedOnUpload ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => RemovedPartView.Of(Enum.Parse<RemovedPart>(p)))]);
    }

    /// <summary>The files each kind of document takes.</summary>
    public static AcceptedFiles FilesFor(DocumentKind? kind) => kind switch
    {
        DocumentKind.Photo => AcceptedFiles.Photo,
        DocumentKind.Report => AcceptedFiles.Report,
        DocumentKind.AttendanceSheet => AcceptedFiles.AttendanceSheet,
        _ => AcceptedFiles.Other,
    };

    /// <summary>
    /// <c>POST /api/programmes/{id}/documents</c> (anyone taking part), multipart: JSON <c>data</c> with kind,
    /// description and whether identifiable faces are shown, and the file in <c>document</c>, of a type the kind takes
    /// (<see cref="FilesFor"/>) and whose content is what the type says (<see cref="FileContent"/>). Photos lose their
    /// location metadata before they are stored, and the answer's <c>removed</c> says so. Photos with faces are tagged
    /// as personal data; other photos, reports and sheets get their own retention.
    /// </summary>
    public static async Task<Outcome> UploadAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body.Data);
        var kind = form.Choice<DocumentKind>("kind");
        var description = form.Text("description", maxLength: 500);
        var faces = form.Boolean("identifiableFaces", required: kind == DocumentKind.Photo) ?? false;
        var file = await StoredDocument.CheckAsync(form, body.Document, FilesFor(kind), required: true, cancellationToken).ConfigureAwait(false);

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var retention = faces ? RetentionTag.PersonalData : kind == DocumentKind.Photo ? RetentionTag.Photo : RetentionTag.ProgrammeRecord;
        var stored = await StoredDocument.UploadAsync(store.Documents, $"programmes/{id}", file!, retention, cancellationToken).ConfigureAwait(false);
        var entity = new DocumentEntity
        {
            PartitionKey = id,
            RowKey = DocumentEntity.Prefix + RecordId.New("doc"),
            Kind = kind!.Value.ToString(),
            Description = description!,
            BlobName = stored.BlobName,
            FileName = stored.FileName,
            ContentType = stored.ContentType,
            Size = stored.Size,
            Sha256 = stored.Sha256,
            Retention = retention.ToString(),
            IdentifiableFaces = faces,
            UploadedBy = caller.OrganisationId,
            UploadedAt = time.GetUtcNow(),
            RemovedOnUpload = stored.Removed.Count == 0 ? null : string.Join(',', stored.Removed),
        };
        await store.Programmes.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        return new Outcome.Created($"/api/programmes/{id}/documents/{DocumentView.Of(entity).Id}", DocumentView.Of(entity));
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/documents</c>: the programme's documents. Photos are personal data (faces, and who
    /// was where): only coordinators see them; every other organisation taking part sees the other documents.
    /// </summary>
    public static async Task<Outcome> ListAsync(string id, Caller caller, RecordStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (_, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var documents = await ProgrammeQueries.RowsAsync<DocumentEntity>(store, id, DocumentEntity.Prefix, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(documents.Where(d => caller.IsCoordinator || d.Kind != nameof(DocumentKind.Photo)).Select(DocumentView.Of).ToList());
    }
}
