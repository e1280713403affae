using System.Text.Json;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A coordinator's pages under a programme: a document's file (the photo thumbnails), a certificate's page with the
/// revoke and reissue forms (the confirm step: the programme's page links here, and the form says what will happen),
/// and the certificate's PDF. Revoking and reissuing call <see cref="CertificateRequests.RevokeAsync"/> and
/// <see cref="CertificateRequests.ReissueAsync"/>, as the API does, through the pages' idempotent forms.
/// </summary>
public sealed class CoordinatorProgrammePages(PageCalls pages, RecordStore store, TimeProvider time, CertificateIssuer issuer)
{
    /// <summary>
    /// <c>GET /api/pages/programmes/{id}/documents/{documentId}/file</c> (coordinators): the stored file, photos shown
    /// inline, other files as a download. The session is checked like every page's; a document is found through the
    /// domain's list for the caller, so what the API does not list is not served.
    /// </summary>
    [Function("PageDocumentFile")]
    public Task<IResult> DocumentFileAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.DocumentFile)] HttpRequest request, string id, string documentId, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            if (Coordinators.Refusal(page, "open programme documents here (coordinators do)", "membuka dokumen program di sini (dilakukan koordinator)") is { } refused)
            {
                return refused;
            }

            var (documents, refusal) = PageData.Read<IReadOnlyList<DocumentRequests.DocumentView>>(page, await DocumentRequests.ListAsync(id, page.Person.Caller, store, cancellationToken).ConfigureAwait(false));
            if (refusal is not null)
            {
                return refusal;
            }

            var listed = documents!.FirstOrDefault(d => d.Id == documentId);
            var row = listed is null ? null : await store.Programmes.GetEntityIfExistsAsync<DocumentEntity>(id, DocumentEntity.Prefix + documentId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (row is not { HasValue: true } || listed!.Purged)
            {
                return PageLayout.Refusal(page, PageProblem.Of(FormProblems.NotFound("document", "dokumen", documentId)));
            }

            var document = row.Value!;
            var content = await store.Documents.GetBlobClient(document.BlobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var headers = request.HttpContext.Response.Headers;
            headers.CacheControl = "private, max-age=3600";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
            var image = document.ContentType.StartsWith("image/", StringComparison.Ordinal);
            return image
                ? TypedResults.File(content.Value.Content.ToArray(), document.ContentType)
                : TypedResults.File(content.Value.Content.ToArray(), document.ContentType, document.FileName);
        });

    /// <summary><c>GET /api/pages/programmes/{id}/certificates/{number}</c> (coordinators): the certificate and the revoke and reissue forms.</summary>
    [Function("PageCertificate")]
    public Task<IResult> CertificateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Certificate)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, number, null, FormState.Fresh(), cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/certificates/{number}/revoke</c> (coordinators): the confirm step, the revoke form.</summary>
    [Function("PageCertificateRevokeForm")]
    public Task<IResult> RevokeFormAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.CertificateRevoke)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, number, "revoke", FormState.Fresh(), cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/certificates/{number}/reissue</c> (coordinators): the confirm step, the reissue form.</summary>
    [Function("PageCertificateReissueForm")]
    public Task<IResult> ReissueFormAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.CertificateReissue)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, number, "reissue", FormState.Fresh(), cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/certificates/{number}/pdf</c> (coordinators, the facility): the PDF, from <see cref="CertificateRequests.DownloadAsync"/>.</summary>
    [Function("PageCertificatePdf")]
    public Task<IResult> PdfAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.CertificatePdf)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var outcome = await CertificateRequests.DownloadAsync(id, number, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return PageLayout.Refusal(page, PageProblem.Of(problem));
            }

            var file = (Outcome.File)outcome;
            request.HttpContext.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });

    /// <summary><c>POST /api/pages/programmes/{id}/certificates/{number}/revoke</c> (coordinators): revokes it with a reason.</summary>
    [Function("PageCertificateRevoke")]
    public Task<IResult> RevokeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.CertificateRevoke)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            async (page, form) => await InProgrammeAsync(page, id, number, cancellationToken).ConfigureAwait(false)
                ?? await CertificateRequests.RevokeAsync(number, page.Person.Caller, Reason(form), store, issuer, cancellationToken).ConfigureAwait(false),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=revoked#certificates"),
            (page, state) => RenderAsync(page, id, number, "revoke", state, cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/certificates/{number}/reissue</c> (coordinators): issues a new one with the holder's current name and revokes this one.</summary>
    [Function("PageCertificateReissue")]
    public Task<IResult> ReissueAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.CertificateReissue)] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            async (page, form) => await InProgrammeAsync(page, id, number, cancellationToken).ConfigureAwait(false)
                ?? await CertificateRequests.ReissueAsync(number, page.Person.Caller, Reason(form), store, issuer, cancellationToken).ConfigureAwait(false),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=reissued#certificates"),
            (page, state) => RenderAsync(page, id, number, "reissue", state, cancellationToken));

    private static FormBody Reason(IFormCollection form)
    {
        var reason = form["reason"].ToString();
        return new FormBody(JsonSerializer.SerializeToElement(reason.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["reason"] = reason }), null);
    }

    // The address names the programme: a certificate of another programme is not found under it (the API's revoke
    // takes the number alone; the page's address must not mislead).
    private async Task<Problem?> InProgrammeAsync(PageContext page, string id, string number, CancellationToken cancellationToken)
    {
        var outcome = await CertificateRequests.ListAsync(id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            Problem problem => problem,
            Outcome.Done { Value: IReadOnlyList<CertificateRequests.CertificateView> list } when list.Any(c => c.Number == number) => null,
            _ => FormProblems.NotFound("certificate", "sertifikat", number),
        };
    }

    // The certificate's page (no action), or the confirm step of "revoke" or "reissue" with its form.
    private async Task<IResult> RenderAsync(PageContext page, string id, string number, string? action, FormState state, CancellationToken cancellationToken)
    {
        if (Coordinators.Refusal(page, "revoke or reissue certificates (coordinators do)", "mencabut atau menerbitkan ulang sertifikat (dilakukan koordinator)") is { } refused)
        {
            return refused;
        }

        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (list, refusedList) = PageData.Read<IReadOnlyList<CertificateRequests.CertificateView>>(page, await CertificateRequests.ListAsync(id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false));
        if (refusedList is not null)
        {
            return refusedList;
        }

        if (list!.FirstOrDefault(c => c.Number == number) is not { } certificate)
        {
            return PageLayout.Refusal(page, PageProblem.Of(FormProblems.NotFound("certificate", "sertifikat", number)));
        }

        string Label(string field) => field == "reason" ? page.T("Alasan", "Reason") : field;
        var facts = Html.Of($"""
            <dl class="facts">
            <dt>{page.T("Nomor", "Number")}</dt><dd><code>{certificate.Number}</code></dd>
            <dt>{page.T("Pemegang", "Holder")}</dt><dd>{certificate.HolderName ?? certificate.Initials}</dd>
            <dt>{page.T("Kelas", "Track")}</dt><dd>{certificate.Track}</dd>
            <dt>{page.T("Terbit", "Issued")}</dt><dd>{page.Date(certificate.IssueDate)}</dd>
            <dt>{page.T("Status", "Status")}</dt><dd>{CoordinatorText.CertificateStatus(page, certificate.Status)}</dd>
            {(certificate.RevokedAt is { } at ? Html.Of($"""<dt>{page.T("Dicabut", "Revoked")}</dt><dd>{page.Time(at)}: {certificate.RevocationReason}</dd>""") : Markup.Empty)}
            {(certificate.Replaces is { } old ? Html.Of($"""<dt>{page.T("Menggantikan", "Replaces")}</dt><dd><code>{old}</code></dd>""") : Markup.Empty)}
            </dl>
            """);
        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T($"Sertifikat {certificate.Number}", $"Certificate {certificate.Number}");
        if (certificate.Status != "Valid")
        {
            return PageLayout.Page(page, title, Html.Of($"""{facts}<p class="notice">{page.T("Sertifikat ini tidak berlaku lagi; tidak ada yang dapat dicabut atau diterbitkan ulang.", "This certificate is no longer valid; there is nothing to revoke or reissue.")}</p>"""), lead: crumbs);
        }

        if (action is null)
        {
            return PageLayout.Page(page, title, Html.Of($"""
                {facts}
                <ul class="actions-list">
                <li><a href="{PageRoutes.CertificatePath(id, number, "pdf")}">{page.T("Unduh PDF", "Download the PDF")}</a></li>
                <li><a href="{PageRoutes.CertificatePath(id, number, "revoke")}">{page.T("Cabut sertifikat", "Revoke the certificate")}</a></li>
                <li><a href="{PageRoutes.CertificatePath(id, number, "reissue")}">{page.T("Terbitkan ulang", "Reissue")}</a></li>
                </ul>
                """), lead: crumbs);
        }

        var revoke = action == "revoke";
        var form = Html.Of($"""
            {facts}
            <p class="notice">{(revoke
                ? page.T("Sertifikat yang dicabut tidak berlaku lagi: verifikasi publik melalui kode QR akan menyatakannya dicabut, dengan tanggal dan alasannya. Tindakan ini tidak dapat dibatalkan.", "A revoked certificate is no longer valid: the public verification behind its QR code will say it was revoked, with the date and reason. This cannot be undone.")
                : page.T("Sertifikat baru diterbitkan dengan nama peserta yang sekarang tercatat, dan sertifikat ini dicabut. Tindakan ini tidak dapat dibatalkan.", "A new certificate is issued with the participant's name as now recorded, and this one is revoked. This cannot be undone."))}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.CertificatePath(id, number, action))}
            {PageForm.TextArea(page, state, "reason", Label("reason"), revoke ? page.T("Mengapa sertifikat dicabut; ditampilkan pada verifikasi publik.", "Why it is revoked; the public verification shows it.") : page.T("Misalnya \"Ejaan nama diperbaiki\".", "Such as \"Spelling of the name corrected\"."))}
            {PageForm.End(revoke ? page.T("Ya, cabut sertifikat ini", "Yes, revoke this certificate") : page.T("Ya, terbitkan ulang", "Yes, reissue"))}
            <p><a href="{PageRoutes.CertificatePath(id, number)}">{page.T("Batal", "Cancel")}</a></p>
            """);
        return PageLayout.Page(page, revoke ? page.T($"Cabut sertifikat {certificate.Number}", $"Revoke certificate {certificate.Number}") : page.T($"Terbitkan ulang sertifikat {certificate.Number}", $"Reissue certificate {certificate.Number}"), form, state.Status, crumbs);
    }
}
