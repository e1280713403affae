using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// A person's requests about their personal data (UU PDP No. 27/2022), made through the ministry: correcting the
/// name or contact, exporting everything held, and erasure. Each is recorded (who, when; never the data) in the
/// programme's <c>datarequest|</c> rows.
/// </summary>
public static class PersonalDataRequests
{
    private static readonly ProgrammeForm Erasure = new("requests to erase a participant's personal data", "permintaan penghapusan data pribadi peserta", ProgrammeSenders.Coordinators, []);

    private static readonly ProgrammeForm Correction = new("corrections of participants' names and contacts", "perbaikan nama dan kontak peserta", ProgrammeSenders.CoordinatorsAndFacility, []);

    /// <summary>A participant's identity as held.</summary>
    /// <param name="ProgrammeId">The programme.</param>
    /// <param name="ParticipantId">The pseudonymous id.</param>
    /// <param name="FullName">The name printed on certificates.</param>
    /// <param name="ContactConsent">Whether the person consented to be contacted for follow-up.</param>
    /// <param name="Contact">The contact, only with consent.</param>
    /// <param name="RetentionUntil">The date after which it is purged.</param>
    /// <param name="CorrectedAt">When it was last corrected (WIB).</param>
    /// <param name="CorrectedBy">By which organisation.</param>
    /// <param name="ETag">The row's version; send it as <c>If-Match</c> with a correction to refuse one made on stale data.</param>
    public sealed record IdentityView(
        string ProgrammeId, string ParticipantId, string FullName, bool ContactConsent, string? Contact, string RetentionUntil, DateTimeOffset? CorrectedAt, string? CorrectedBy, string ETag)
    {
        internal static IdentityView Of(IdentityEntity i, PersonalDataCipher personalData) =>
            new(i.PartitionKey, i.RowKey, personalData.OpenText(i.SealedFullName), i.ContactConsent, personalData.Open(i.SealedContact), i.RetentionUntil, i.CorrectedAt?.ToOffset(WibText.Offset), i.CorrectedBy, i.ETag.ToString());
    }

    /// <summary>The answer to a correction.</summary>
    /// <param name="Identity">The identity after the correction.</param>
    /// <param name="Changed">The fields that changed (<c>fullName</c>, <c>contact</c>, <c>contactConsent</c>); empty when nothing did.</param>
    public sealed record Corrected(IdentityView Identity, IReadOnlyList<string> Changed);

    /// <summary>The participant row as exported.</summary>
    /// <param name="Type">Inmate or officer.</param>
    /// <param name="Track">The track's code.</param>
    /// <param name="Status">Enrolled or withdrawn.</param>
    /// <param name="ExpectedReleaseMonth">For inmates, the expected release month.</param>
    /// <param name="ReleaseDate">The reported release date.</param>
    /// <param name="ReleaseRoute">The release route.</param>
    /// <param name="RetentionUntil">The date after which personal data is purged.</param>
    /// <param name="EnrolledAt">When enrolled (WIB).</param>
    /// <param name="PersonalDataRemovedAt">When the personal data was removed (WIB), if it was.</param>
    /// <param name="PersonalDataRemovedBecause">Why: <c>ErasureRequest</c> or <c>RetentionEnded</c>.</param>
    public sealed record ParticipantExport(
        string Type, string Track, string Status, string? ExpectedReleaseMonth, string? ReleaseDate, string? ReleaseRoute, string RetentionUntil, DateTimeOffset EnrolledAt,
        DateTimeOffset? PersonalDataRemovedAt, string? PersonalDataRemovedBecause);

    /// <summary>Attendance as exported.</summary>
    /// <param name="DaysRecorded">Training days with an attendance record.</param>
    /// <param name="DaysPresent">Of them, the days the participant was recorded present.</param>
    public sealed record AttendanceExport(IReadOnlyList<string> DaysRecorded, IReadOnlyList<string> DaysPresent);

    /// <summary>The assessment as exported.</summary>
    /// <param name="Passed">Whether passed.</param>
    /// <param name="Score">The score.</param>
    /// <param name="Remarks">The assessor's remarks.</param>
    /// <param name="AssessedBy">The assessing organisation.</param>
    /// <param name="AssessedAt">When (WIB).</param>
    public sealed record AssessmentExport(bool Passed, int? Score, string? Remarks, string AssessedBy, DateTimeOffset AssessedAt);

    /// <summary>A certificate as exported.</summary>
    /// <param name="Number">The number.</param>
    /// <param name="Status">Pending, Valid or Revoked.</param>
    /// <param name="Initials">The initials verification shows.</param>
    /// <param name="IssueDate">The date of issue (WIB).</param>
    /// <param name="RevokedAt">When revoked (WIB).</param>
    /// <param name="RevocationReason">Why.</param>
    /// <param name="Replaces">The certificate it replaced.</param>
    /// <param name="ReplacedBy">The certificate that replaced it.</param>
    /// <param name="PdfRemovedAt">When its stored PDF was deleted (WIB).</param>
    public sealed record CertificateExport(
        string Number, string Status, string Initials, string IssueDate, DateTimeOffset? RevokedAt, string? RevocationReason, string? Replaces, string? ReplacedBy, DateTimeOffset? PdfRemovedAt);

    /// <summary>A logged request about the person's data.</summary>
    /// <param name="Kind">Access, Correction or Erasure.</param>
    /// <param name="By">The organisation.</param>
    /// <param name="At">When (WIB).</param>
    /// <param name="Fields">For a correction, the fields changed.</param>
    /// <param name="Reference">The request's reference, if given.</param>
    public sealed record DataRequestView(string Kind, string By, DateTimeOffset At, string? Fields, string? Reference);

    /// <summary>Everything the app holds about one participant.</summary>
    /// <param name="ProgrammeId">The programme.</param>
    /// <param name="ProgrammeTitle">Its title.</param>
    /// <param name="FacilityId">Its facility.</param>
    /// <param name="ParticipantId">The pseudonymous id.</param>
    /// <param name="ExportedAt">When this export was made (WIB).</param>
    /// <param name="ExportedBy">For which organisation.</param>
    /// <param name="Identity">Name and contact; null once erased or purged.</param>
    /// <param name="Participant">The participant row.</param>
    /// <param name="Attendance">Attendance days.</param>
    /// <param name="Assessment">The assessment, if any.</param>
    /// <param name="Certificates">Every certificate, replaced and revoked ones included.</param>
    /// <param name="FollowUps">Follow-up checkpoints and outcomes.</param>
    /// <param name="Requests">Every access, correction and erasure, this export included.</param>
    public sealed record PersonalDataExport(
        string ProgrammeId, string ProgrammeTitle, string FacilityId, string ParticipantId, DateTimeOffset ExportedAt, string ExportedBy,
        IdentityView? Identity, ParticipantExport Participant, AttendanceExport Attendance, AssessmentExport? Assessment,
        IReadOnlyList<CertificateExport> Certificates, IReadOnlyList<FollowUpRequests.FollowUpView> FollowUps, IReadOnlyList<DataRequestView> Requests);

    /// <summary>The answer to an erasure.</summary>
    /// <param name="Removal">What was removed and what stays.</param>
    /// <param name="ErasedBy">The organisation that submitted the request.</param>
    /// <param name="Reference">The request's reference, if given.</param>
    public sealed record Erased(RemovalSummary Removal, string ErasedBy, string? Reference);

    /// <summary>
    /// <c>POST /api/programmes/{id}/participants/{participantId}/identity</c> (coordinators, the programme's facility):
    /// corrects the name and/or contact, or withdraws contact consent (which deletes the contact). An optional
    /// <paramref name="ifMatch"/> (the request's <c>If-Match</c> header) with the identity's ETag refuses a correction
    /// made on stale data.
    /// </summary>
    public static async Task<Outcome> CorrectAsync(
        string id, string participantId, Caller caller, FormBody body, string? ifMatch, RecordStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(loggers);
        if (RecordKey.CheckRouteValues(("id", id), ("participantId", participantId)) is { } notAnId)
        {
            return notAnId;
        }

        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Correction, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (participant, identity, missing) = await LoadParticipantAsync(store, id, participantId, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }

        if (participant!.PersonalDataRemovedAt is not null || identity is null)
        {
            return NoLongerHeld(participantId, participant);
        }

        var form = FormReader.For(body.Data);
        var fullName = form.Text("fullName", required: false, maxLength: 150);
        var consent = form.Boolean("contactConsent", required: false);
        var contact = form.Text("contact", required: false, maxLength: 200);
        if (form.IsValid && fullName is null && consent is null && contact is null)
        {
            form.Fail("fullName", "Give what to correct: fullName, contact, or contactConsent (false withdraws consent and deletes the contact).", "Isi yang akan diperbaiki: fullName, contact, atau contactConsent (false menarik persetujuan dan menghapus kontak).");
        }

        EnrolmentRequests.CheckName(form, fullName);

        if (contact is not null && consent == false)
        {
            form.Fail("contact", "A contact cannot be kept while consent is withdrawn: leave contact out, or set contactConsent to true.", "Kontak tidak dapat disimpan bila persetujuan ditarik: kosongkan kontak, atau isi contactConsent dengan true.");
        }
        else if (contact is not null && consent is null && !identity.ContactConsent)
        {
            form.Fail("contactConsent", "Contact details are kept only with recorded consent: send contactConsent true with the contact.", "Kontak hanya disimpan dengan persetujuan tercatat: kirim contactConsent bernilai true bersama kontak.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        if (!string.IsNullOrEmpty(ifMatch) && ifMatch != identity.ETag.ToString())
        {
            return Problem.Of(
                ProblemKind.Stale,
                "identity-changed",
                "Identity changed since read",
                $"The identity of participant '{participantId}' was changed after the version you sent in If-Match. Nothing was stored; read it again and send the correction again.",
                "Identitas berubah sejak dibaca",
                $"Identitas peserta '{participantId}' sudah diubah setelah versi yang Anda kirim pada If-Match. Tidak ada yang disimpan; baca ulang lalu kirim ulang perbaikan.",
                ("participantId", participantId),
                ("etag", identity.ETag.ToString()));
        }

        var changed = new List<string>();
        var cipher = store.PersonalData;
        if (fullName is not null && fullName != cipher.OpenText(identity.SealedFullName))
        {
            identity.SealedFullName = cipher.SealText(fullName);
            changed.Add("fullName");
        }

        if (consent is { } given && given != identity.ContactConsent)
        {
            identity.ContactConsent = given;
            changed.Add("contactConsent");
        }

        var heldContact = cipher.Open(identity.SealedContact);
        var newContact = identity.ContactConsent ? contact ?? heldContact : null;
        if (newContact != heldContact)
        {
            identity.SealedContact = cipher.Seal(newContact);
            changed.Add("contact");
        }

        if (changed.Count == 0)
        {
            return new Outcome.Done(new Corrected(IdentityView.Of(identity, cipher), changed));
        }

        // Logged first: a correction that cannot be logged is not stored.
        await AuditLog.RecordAsync(store, time, caller, AuditAction.IdentityCorrected, id, null, [participantId], cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        identity.CorrectedAt = now;
        identity.CorrectedBy = caller.OrganisationId;
        try
        {
            var updated = await store.Identities.UpdateEntityAsync(identity, identity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            identity.ETag = updated.Headers.ETag ?? identity.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return FormProblems.Concurrent($"{id}/{participantId}");
        }

        var entry = DataRequestEntity.Create(id, participantId, DataRequestKind.Correction, caller.OrganisationId, now);
        entry.Fields = string.Join(", ", changed);
        await store.Programmes.AddEntityAsync(entry, cancellationToken).ConfigureAwait(false);
        var logger = loggers.CreateLogger(typeof(PersonalDataRequests).FullName!);
        PrivacyLog.Corrected(logger, id, participantId, caller.OrganisationId, entry.Fields);
        return new Outcome.Done(new Corrected(IdentityView.Of(identity, cipher), changed));
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/participants/{participantId}/personal-data</c> (coordinators): everything the app
    /// holds about the participant, as JSON. Each export is recorded (who, when) before it is answered.
    /// </summary>
    public static async Task<Outcome> ExportAsync(string id, string participantId, Caller caller, RecordStore store, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(loggers);
        if (RecordKey.CheckRouteValues(("id", id), ("participantId", participantId)) is { } notAnId)
        {
            return notAnId;
        }

        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("export a participant's personal data (coordinators do, on the person's request)", "mengekspor data pribadi peserta (dilakukan koordinator, atas permintaan yang bersangkutan)");
        }

        var (participant, identity, missing) = await LoadParticipantAsync(store, id, participantId, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }

        // Recorded first: an export that cannot be recorded is not answered.
        await AuditLog.RecordAsync(store, time, caller, AuditAction.PersonalDataExported, id, null, [participantId], cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        await store.Programmes.AddEntityAsync(DataRequestEntity.Create(id, participantId, DataRequestKind.Access, caller.OrganisationId, now), cancellationToken).ConfigureAwait(false);
        var logger = loggers.CreateLogger(typeof(PersonalDataRequests).FullName!);
        PrivacyLog.Exported(logger, id, participantId, caller.OrganisationId);

        var days = await ProgrammeQueries.AttendanceAsync(store, id, cancellationToken).ConfigureAwait(false);
        var assessment = await store.Programmes.GetEntityIfExistsAsync<AssessmentEntity>(id, AssessmentEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var certificates = await PersonalDataEraser.CertificatesOfAsync(store, id, participantId, cancellationToken).ConfigureAwait(false);
        var followUps = await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, id, $"{FollowUpEntity.Prefix}{participantId}|", cancellationToken).ConfigureAwait(false);
        var requests = await ProgrammeQueries.RowsAsync<DataRequestEntity>(store, id, DataRequestEntity.PrefixFor(participantId), cancellationToken).ConfigureAwait(false);

        var p = participant!;
        var a = assessment.HasValue ? assessment.Value! : null;
        return new Outcome.Done(new PersonalDataExport(
            id,
            programme!.Title,
            programme.FacilityId,
            participantId,
            now.ToOffset(WibText.Offset),
            caller.OrganisationId,
            identity is null ? null : IdentityView.Of(identity, store.PersonalData),
            new ParticipantExport(p.Type, p.TrackCode, p.Status, p.ExpectedReleaseMonth, p.ReleaseDate, p.ReleaseRoute, p.RetentionUntil, p.EnrolledAt.ToOffset(WibText.Offset), p.PersonalDataRemovedAt?.ToOffset(WibText.Offset), p.PersonalDataRemovedBecause),
            new AttendanceExport(
                [.. days.Select(d => d.Day).Order(StringComparer.Ordinal)],
                [.. days.Where(d => d.Present.Split(',', StringSplitOptions.TrimEntries).Contains(participantId, StringComparer.Ordinal)).Select(d => d.Day).Order(StringComparer.Ordinal)]),
            a is null ? null : new AssessmentExport(a.Passed, a.Score, a.Remarks, a.AssessedBy, a.AssessedAt.ToOffset(WibText.Offset)),
            [.. certificates.OrderBy(c => c.IssuedAt).Select(c => new CertificateExport(c.Number, c.Status, c.Initials, c.IssueDate, c.RevokedAt?.ToOffset(WibText.Offset), c.RevocationReason, c.Replaces, c.ReplacedBy, c.PdfRemovedAt?.ToOffset(WibText.Offset)))],
            [.. followUps.OrderBy(f => f.Months).Select(FollowUpRequests.FollowUpView.Of)],
            [.. requests.Select(r => new DataRequestView(r.Kind, r.By, r.At.ToOffset(WibText.Offset), r.Fields, r.Reference))]));
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/participants/{participantId}/erasure</c> (coordinators), JSON
    /// <c>{revokeCertificates?, reference?}</c>: erases the participant's personal data (<see cref="PersonalDataEraser"/>).
    /// Sending it again completes an interrupted erasure and otherwise changes nothing.
    /// </summary>
    public static async Task<Outcome> EraseAsync(string id, string participantId, Caller caller, FormBody body, RecordStore store, PersonalDataEraser eraser, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(eraser);
        if (RecordKey.CheckRouteValues(("id", id), ("participantId", participantId)) is { } notAnId)
        {
            return notAnId;
        }

        var today = DateText.TodayInWib(time);
        var (_, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Erasure, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (_, _, missing) = await LoadParticipantAsync(store, id, participantId, cancellationToken).ConfigureAwait(false);
        if (missing is not null)
        {
            return missing;
        }

        var form = FormReader.For(body.Data);
        var revoke = form.Boolean("revokeCertificates", required: false) ?? false;
        var reference = form.Text("reference", required: false, maxLength: 100);
        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        await AuditLog.RecordAsync(store, time, caller, AuditAction.PersonalDataErased, id, null, [participantId], cancellationToken).ConfigureAwait(false);
        var removal = await eraser.RemoveAsync(id, participantId, RemovalReason.ErasureRequest, caller.OrganisationId, revoke, cancellationToken).ConfigureAwait(false);
        var logged = await ProgrammeQueries.RowsAsync<DataRequestEntity>(store, id, DataRequestEntity.PrefixFor(participantId), cancellationToken).ConfigureAwait(false);
        if (!logged.Any(r => r.Kind == nameof(DataRequestKind.Erasure)))
        {
            var entry = DataRequestEntity.Create(id, participantId, DataRequestKind.Erasure, caller.OrganisationId, time.GetUtcNow());
            entry.Reference = reference;
            await store.Programmes.AddEntityAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return new Outcome.Done(new Erased(removal with { RemovedAt = removal.RemovedAt.ToOffset(WibText.Offset) }, caller.OrganisationId, reference));
    }

    private static async Task<(ParticipantEntity? Participant, IdentityEntity? Identity, Problem? Problem)> LoadParticipantAsync(RecordStore store, string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var participant = await store.Programmes.GetEntityIfExistsAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!participant.HasValue)
        {
            return (null, null, FormProblems.NotFound("participant", "peserta", participantId));
        }

        var identity = await store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programmeId, participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (participant.Value, identity.HasValue ? identity.Value : null, null);
    }

    private static Problem NoLongerHeld(string participantId, ParticipantEntity participant)
    {
        var when = participant.PersonalDataRemovedAt;
        var (english, indonesian) = participant.PersonalDataRemovedBecause == nameof(RemovalReason.RetentionEnded)
            ? ("its retention period ended", "masa simpannya berakhir")
            : ("the person asked for erasure", "yang bersangkutan meminta penghapusan");
        return Problem.Of(
            ProblemKind.Conflict,
            "personal-data-erased",
            "Personal data no longer held",
            when is null
                ? $"No name or contact of participant '{participantId}' is held any more; there is nothing to correct."
                : $"The personal data of participant '{participantId}' was removed on {WibText.English(when.Value)} because {english}; there is nothing to correct.",
            "Data pribadi tidak lagi disimpan",
            when is null
                ? $"Nama atau kontak peserta '{participantId}' tidak lagi disimpan; tidak ada yang dapat diperbaiki."
                : $"Data pribadi peserta '{participantId}' dihapus pada {WibText.Indonesian(when.Value)} karena {indonesian}; tidak ada yang dapat diperbaiki.",
            ("participantId", participantId));
    }
}
