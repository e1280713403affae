using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// Public verification of a certificate by its number, and the coordinators' certificate list, PDF download, revoke
/// and reissue.
/// </summary>
public static class CertificateRequests
{
    /// <summary>What public verification answers for a valid certificate: initials, never the name or the facility.</summary>
    /// <param name="Number">The number, in its canonical form.</param>
    /// <param name="Status">Always <c>valid</c> (a revoked certificate answers 410).</param>
    /// <param name="Initials">The holder's initials.</param>
    /// <param name="ProgrammeTitle">The programme.</param>
    /// <param name="TrackName">The track in Indonesian.</param>
    /// <param name="TrackNameEnglish">The track in English.</param>
    /// <param name="StartDate">First training day.</param>
    /// <param name="EndDate">Last training day.</param>
    /// <param name="IssuingUnit">The ministry unit that issued it.</param>
    /// <param name="IssueDate">The date of issue (WIB, <c>yyyy-MM-dd</c>).</param>
    /// <param name="Replaces">The certificate it replaced, for a reissue.</param>
    public sealed record VerificationView(
        string Number, string Status, string Initials, string ProgrammeTitle, string TrackName, string TrackNameEnglish,
        string StartDate, string EndDate, string IssuingUnit, string IssueDate, string? Replaces);

    /// <summary>A certificate as the programme's organisations see it.</summary>
    /// <param name="Number">The number.</param>
    /// <param name="ProgrammeId">The programme.</param>
    /// <param name="ParticipantId">The holder's participant id.</param>
    /// <param name="HolderName">The holder's name, for coordinators and the facility only.</param>
    /// <param name="Initials">The holder's initials.</param>
    /// <param name="Track">The track's code.</param>
    /// <param name="IssueDate">The date of issue (WIB).</param>
    /// <param name="Status">Pending, Valid or Revoked.</param>
    /// <param name="RevokedAt">When it was revoked.</param>
    /// <param name="RevocationReason">Why.</param>
    /// <param name="Replaces">The certificate it replaced.</param>
    /// <param name="ReplacedBy">The certificate that replaced it.</param>
    /// <param name="Sha256">SHA-256 of the PDF.</param>
    public sealed record CertificateView(
        string Number, string ProgrammeId, string ParticipantId, string? HolderName, string Initials, string Track, string IssueDate, string Status,
        DateTimeOffset? RevokedAt, string? RevocationReason, string? Replaces, string? ReplacedBy, string Sha256)
    {
        internal static CertificateView Of(CertificateEntity c, string? holderName) =>
            new(c.Number, c.ProgrammeId, c.ParticipantId, holderName, c.Initials, c.TrackCode, c.IssueDate, c.Status, c.RevokedAt?.ToOffset(WibText.Offset), c.RevocationReason, c.Replaces, c.ReplacedBy, c.Sha256);
    }

    /// <summary>
    /// <c>GET /api/verify/{number}</c>, public (no key): whether a certificate is valid. 400 names what is wrong with a
    /// mistyped number, 404 means no such certificate was issued, 410 gives the revocation date and reason, 200 the
    /// initials, programme, track, dates, issuing unit and issue date. A client asking for <c>text/html</c> (a phone
    /// that scanned the QR code, <paramref name="asPage"/>) gets the same answer as a small bilingual page.
    /// </summary>
    public static async Task<Outcome> VerifyAsync(string number, bool asPage, RecordStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problem = CertificateNumber.Validate(number, out var parsed);
        if (problem != CertificateNumberProblem.None)
        {
            return asPage ? new Outcome.Page(VerificationPage.Invalid(Shown(number), problem), ProblemKind.Invalid) : InvalidNumber(number, problem);
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await store.Certificates.GetEntityIfExistsAsync<CertificateEntity>(parsed!.Value, CertificateEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value!.StatusValue == CertificateStatus.Pending)
        {
            return asPage ? new Outcome.Page(VerificationPage.NotFound(parsed.Value), ProblemKind.NotFound) : NotIssued(parsed.Value);
        }

        var certificate = found.Value;
        if (certificate.StatusValue == CertificateStatus.Revoked)
        {
            return asPage ? new Outcome.Page(VerificationPage.Revoked(certificate), ProblemKind.Gone) : Revoked(certificate);
        }

        return asPage
            ? new Outcome.Page(VerificationPage.Valid(certificate))
            : new Outcome.Done(new VerificationView(
                certificate.Number, "valid", certificate.Initials, certificate.ProgrammeTitle, certificate.TrackName, certificate.TrackNameEnglish,
                certificate.StartDate, certificate.EndDate, certificate.IssuingUnit, certificate.IssueDate, certificate.Replaces));
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/certificates</c> (organisations taking part): each participant's current
    /// certificate, with names for coordinators and the facility only.
    /// </summary>
    public static async Task<Outcome> ListAsync(string id, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var names = await ProgrammeQueries.NamesAsync(store, caller, programme!, AuditAction.ParticipantNamesRead, time, cancellationToken).ConfigureAwait(false);
        var records = await ProgrammeQueries.CertificatesAsync(store, id, cancellationToken).ConfigureAwait(false);
        var certificates = await Task.WhenAll(records.Select(r => r.Number).Select(n => store.Certificates.GetEntityIfExistsAsync<CertificateEntity>(n, CertificateEntity.Row, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return new Outcome.Done(certificates
            .Where(c => c.HasValue)
            .Select(c => CertificateView.Of(c.Value!, names.GetValueOrDefault(c.Value!.ParticipantId)))
            .OrderBy(c => c.ParticipantId, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/certificates/{number}/pdf</c> (coordinators, the facility): the PDF as frozen at issue;
    /// logged (<see cref="AuditAction.CertificatePdfRead"/>) before it is read, since it prints the holder's name.
    /// </summary>
    public static async Task<Outcome> DownloadAsync(string id, string number, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);

        // Both ids of the address are checked before either is looked up.
        var numberProblem = CertificateNumber.Validate(number, out var parsed);
        if (numberProblem != CertificateNumberProblem.None)
        {
            return InvalidNumber(number, numberProblem);
        }

        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!ProgrammeAccess.IsCoordinatorOrFacility(caller, programme!))
        {
            return FormProblems.Forbidden("download certificates, which carry names (coordinators and the facility do)", "mengunduh sertifikat, yang memuat nama (dilakukan koordinator dan lembaganya)");
        }

        var found = await store.Certificates.GetEntityIfExistsAsync<CertificateEntity>(parsed!.Value, CertificateEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value!.ProgrammeId != id || found.Value.StatusValue == CertificateStatus.Pending)
        {
            return FormProblems.NotFound("certificate", "sertifikat", parsed.Value);
        }

        if (found.Value.PdfRemovedAt is { } removed)
        {
            return Problem.Of(
                ProblemKind.Gone,
                "certificate-pdf-removed",
                "Certificate PDF removed",
                $"The stored PDF of certificate {parsed.Value} carried the holder's name and was deleted on {WibText.English(removed)}, when the holder's personal data was erased or its retention ended. The number still verifies with initials only.",
                "PDF sertifikat sudah dihapus",
                $"PDF sertifikat {parsed.Value} yang tersimpan memuat nama pemegang dan dihapus pada {WibText.Indonesian(removed)}, saat data pribadi pemegang dihapus atau masa simpannya berakhir. Nomornya tetap dapat diverifikasi dengan inisial saja.",
                ("number", parsed.Value));
        }

        // The PDF prints the holder's full name: logged before it is read.
        await AuditLog.RecordAsync(store, time, caller, AuditAction.CertificatePdfRead, id, null, [found.Value.ParticipantId], parsed.Value, cancellationToken).ConfigureAwait(false);
        var pdf = await CertificateFile.ReadAsync(store, found.Value.BlobName, cancellationToken).ConfigureAwait(false);
        return new Outcome.File(pdf, "application/pdf", $"{parsed.Value}.pdf");
    }

    /// <summary><c>POST /api/certificates/{number}/revoke</c> (coordinators), JSON <c>{reason}</c>: revokes a valid certificate.</summary>
    public static async Task<Outcome> RevokeAsync(string number, Caller caller, FormBody body, RecordStore store, CertificateIssuer issuer, CancellationToken cancellationToken)
    {
        var (parsed, reason, problem) = ReadCoordinatorForm(number, caller, body, "revoke certificates (coordinators do)", "mencabut sertifikat (dilakukan koordinator)");
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var revoked = await issuer.RevokeAsync(parsed!, reason!, cancellationToken).ConfigureAwait(false);
            return new Outcome.Done(CertificateView.Of(revoked, holderName: null));
        }
        catch (CertificateIssueException ex)
        {
            return ProblemOf(ex);
        }
    }

    /// <summary>
    /// <c>POST /api/certificates/{number}/reissue</c> (coordinators), JSON <c>{reason}</c>: issues a new certificate
    /// with the participant's current name and revokes the old one; 201 with the new certificate.
    /// </summary>
    public static async Task<Outcome> ReissueAsync(string number, Caller caller, FormBody body, RecordStore store, CertificateIssuer issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (parsed, reason, problem) = ReadCoordinatorForm(number, caller, body, "reissue certificates (coordinators do)", "menerbitkan ulang sertifikat (dilakukan koordinator)");
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var issued = await issuer.ReissueAsync(parsed!, reason!, cancellationToken).ConfigureAwait(false);
            var certificate = (await store.Certificates.GetEntityAsync<CertificateEntity>(issued.Number, CertificateEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new Outcome.Created($"/api/programmes/{issued.ProgrammeId}/certificates/{issued.Number}/pdf", CertificateView.Of(certificate, holderName: null));
        }
        catch (CertificateIssueException ex)
        {
            return ProblemOf(ex);
        }
    }

    /// <summary>The answer to a certificate operation that cannot succeed.</summary>
    internal static Problem ProblemOf(CertificateIssueException ex) => ex.Problem switch
    {
        CertificateIssueProblem.NotFound => Problem.Of(ProblemKind.NotFound, "not-found", "Not found", ex.Message, "Tidak ditemukan", ex.MessageIndonesian, ("key", ex.Key)),
        CertificateIssueProblem.AlreadyRevoked => Problem.Of(ProblemKind.Conflict, "certificate-revoked", "Certificate revoked already", ex.Message, "Sertifikat sudah dicabut", ex.MessageIndonesian, ("number", ex.Key)),
        CertificateIssueProblem.AlreadyReplaced => Problem.Of(ProblemKind.Conflict, "certificate-replaced", "Certificate replaced already", ex.Message, "Sertifikat sudah diganti", ex.MessageIndonesian, ("number", ex.Key)),
        CertificateIssueProblem.Concurrent => FormProblems.Concurrent(ex.Key),
        _ => Problem.Of(ProblemKind.Conflict, "certificate-not-issued", "Certificate cannot be issued", ex.Message, "Sertifikat tidak dapat diterbitkan", ex.MessageIndonesian, ("key", ex.Key)),
    };

    private static (CertificateNumber? Number, string? Reason, Problem? Problem) ReadCoordinatorForm(
        string number, Caller caller, FormBody body, string whatEnglish, string whatIndonesian)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator)
        {
            return (null, null, FormProblems.Forbidden(whatEnglish, whatIndonesian));
        }

        var numberProblem = CertificateNumber.Validate(number, out var parsed);
        if (numberProblem != CertificateNumberProblem.None)
        {
            return (null, null, InvalidNumber(number, numberProblem));
        }

        var form = FormReader.For(body.Data);
        var reason = form.Text("reason", maxLength: 500);
        return form.IsValid ? (parsed, reason, null) : (null, null, FormProblems.Invalid(form.Errors));
    }

    // A typed number is echoed back at most 40 characters long.
    private static string Shown(string typed) => typed.Length > 40 ? typed[..40] + "…" : typed;

    private static Problem InvalidNumber(string number, CertificateNumberProblem problem)
    {
        var typed = Shown(number);
        var (english, indonesian) = VerificationPage.Explain(typed, problem);
        return Problem.Of(
            ProblemKind.Invalid, "certificate-number-invalid", "Not a valid certificate number", english, "Nomor sertifikat tidak valid", indonesian,
            ("number", typed), ("problem", problem.ToString()));
    }

    private static Problem NotIssued(string number) => Problem.Of(
        ProblemKind.NotFound,
        "certificate-not-found",
        "Certificate not found",
        $"No certificate {number} has been issued. Check the number against the certificate.",
        "Sertifikat tidak ditemukan",
        $"Tidak ada sertifikat {number} yang diterbitkan. Periksa kembali nomor pada sertifikat.",
        ("number", number));

    private static Problem Revoked(CertificateEntity c)
    {
        var (english, indonesian) = VerificationPage.ExplainRevocation(c);
        return Problem.Of(
            ProblemKind.Gone, "certificate-revoked", "Certificate revoked", english, "Sertifikat dicabut", indonesian,
            ("number", c.Number), ("revokedAt", c.RevokedAt?.ToOffset(WibText.Offset)), ("reason", c.RevocationReason), ("replacedBy", c.ReplacedBy));
    }
}
