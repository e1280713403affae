using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A programme's documentation: the documents uploaded, and the upload form (a photo or a report) sent to
/// <see cref="DocumentRequests.UploadAsync"/> as the API's multipart form. The script shows the upload's progress;
/// without it the form is an ordinary file upload.
/// </summary>
public sealed class DocumentPages(PageCalls pages, RecordStore store, TimeProvider time)
{
    /// <summary><c>GET /api/pages/programmes/{id}/documents</c>: the documents and the upload form.</summary>
    [Function("PageDocuments")]
    public Task<IResult> DocumentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Documents)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/documents</c>: uploads a document (multipart).</summary>
    [Function("PageDocumentUpload")]
    public Task<IResult> UploadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Documents)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => DocumentRequests.UploadAsync(id, page.Person.Caller, new FormBody(Fields(form), Uploaded(form.Files.GetFile("document"))), store, time, cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id, "documents") + "?saved=1"),
            (page, state) => RenderAsync(page, id, state, cancellationToken));

    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "kind", "description" })
        {
            if (form[name].ToString() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        if (form["identifiableFaces"].ToString() is "true" or "false")
        {
            data["identifiableFaces"] = form["identifiableFaces"].ToString() == "true";
        }

        return JsonSerializer.SerializeToElement(data);
    }

    // A file input left empty is posted as a part without a name or content: no file.
    internal static UploadedFile? Uploaded(IFormFile? file) =>
        file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)) ? null : new UploadedFile(file.FileName, file.ContentType, file.Length, file.OpenReadStream);

    private async Task<IResult> RenderAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (documents, refused) = PageData.Read<IReadOnlyList<DocumentRequests.DocumentView>>(
            page, await DocumentRequests.ListAsync(id, page.Person.Caller, store, cancellationToken).ConfigureAwait(false));
        if (refused is not null)
        {
            return refused;
        }

        string Label(string field) => field switch
        {
            "kind" => page.T("Jenis dokumen", "Kind of document"),
            "description" => page.T("Keterangan", "Description"),
            "identifiableFaces" => page.T("Wajah yang dapat dikenali", "Identifiable faces"),
            "document" => page.T("Berkas", "File"),
            _ => field,
        };
        var list = documents!.Count == 0
            ? Html.Of($"""<p>{page.T("Belum ada dokumen.", "No document yet.")}</p>""")
            : Html.Of($"""
                <div class="table"><table>
                <caption>{page.T($"{page.Number(documents.Count)} dokumen", $"{page.Number(documents.Count)} documents")}</caption>
                <thead><tr><th scope="col">{page.T("Jenis", "Kind")}</th><th scope="col">{page.T("Keterangan", "Description")}</th><th scope="col">{page.T("Berkas", "File")}</th><th scope="col" class="num">{page.T("Ukuran", "Size")}</th><th scope="col">{page.T("Diunggah", "Uploaded")}</th></tr></thead>
                <tbody>{Html.Join(documents.OrderByDescending(d => d.UploadedAt), d => Html.Of($"""<tr><td>{PageText.DocumentKind(page, d.Kind)}</td><td>{d.Description}</td><td>{d.FileName}</td><td class="num">{page.Size(d.Size)}</td><td>{page.Time(d.UploadedAt)}</td></tr>"""))}</tbody>
                </table></div>
                """);
        var kinds = new[] { ("Photo", page.T("Foto kegiatan", "Photo of the event")), ("Report", page.T("Laporan", "Report")), ("AttendanceSheet", page.T("Lembar kehadiran bertanda tangan", "Signed attendance sheet")), ("Other", page.T("Lainnya", "Other")) };
        var content = Html.Of($"""
            {PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("Dokumen tersimpan.", "The document is stored.") : null)}
            <section class="panel" aria-labelledby="upload-heading">
            <h2 id="upload-heading">{page.T("Unggah dokumen", "Upload a document")}</h2>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "documents"), multipart: true, cssClass: "form upload")}
            {PageForm.Select(page, state, "kind", Label("kind"), kinds)}
            {PageForm.TextArea(page, state, "description", Label("description"), page.T("Apa yang ditampilkan atau dimuat, misalnya \"Peserta kelas batik cap, hari kedua\".", "What it shows or holds, such as \"Batik cap track, day two\"."))}
            {PageForm.Radios(page, state, "identifiableFaces", page.T("Apakah foto menampilkan wajah yang dapat dikenali?", "Does the photo show faces that can be recognised?"), [("false", page.T("Tidak", "No")), ("true", page.T("Ya (data pribadi yang sensitif)", "Yes (sensitive personal data)"))], page.T("Wajib untuk foto. Foto kelompok dari belakang atau jauh lebih baik.", "Required for photos. Group photos from behind or afar are better."))}
            {PageForm.File(page, state, "document", Label("document"), "image/jpeg,image/png,image/webp,application/pdf", page.T("JPEG, PNG, WebP atau PDF, paling besar 25 MB.", "JPEG, PNG, WebP or PDF, at most 25 MB."))}
            {PageForm.UploadProgress(page)}
            {PageForm.End(page.T("Unggah", "Upload"))}
            </section>
            <h2>{page.T("Dokumen", "Documents")}</h2>
            {list}
            """);
        return PageLayout.Page(page, page.T("Dokumentasi", "Documentation"), content, state.Status, ProgrammePages.Crumbs(page, id, programme!.Title));
    }
}
