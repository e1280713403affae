using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>A certificate as issued.</summary>
/// <param name="Number">Its public number.</param>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ParticipantId">The holder's participant id.</param>
/// <param name="BlobName">The PDF's blob in the certificates container.</param>
/// <param name="Sha256">SHA-256 of the PDF, hex.</param>
/// <param name="IssueDate">The date printed on it (WIB).</param>
/// <param name="Replaces">The certificate it replaces, for a reissue.</param>
public sealed record IssuedCertificate(string Number, string ProgrammeId, string ParticipantId, string BlobName, string Sha256, DateOnly IssueDate, string? Replaces);

/// <summary>
/// Issues, revokes and reissues certificates: draws the number, records it for public verification, renders the PDF
/// once and stores it in Blob Storage, and records the certificate in the programme.
/// </summary>
/// <remarks>
/// <para>
/// Issuing is idempotent and safe to retry after a crash at any point, because every step first looks for what an
/// earlier attempt left. The programme row <c>certificate|{participantId}</c> is written <em>first</em>, with the
/// drawn number and an empty SHA-256: it is the participant's reservation, so a retry reuses that number instead of
/// drawing a second one. Then the public row is inserted as <see cref="CertificateStatus.Pending"/> (a number taken by
/// another certificate is drawn again and the reservation moved, ETag-guarded), the PDF is uploaded with
/// <c>If-None-Match: *</c> (a PDF an earlier attempt stored is kept: it is the frozen one), the reservation is
/// completed with the PDF's SHA-256, and only then is the public row marked <see cref="CertificateStatus.Valid"/>.
/// Verification treats a pending number as unknown, so a number never verifies before its PDF is stored, and one
/// participant never holds two valid certificates.
/// </para>
/// <para>
/// A reissue keeps its reservation on the old certificate's public row (<see cref="CertificateEntity.ReplacedBy"/>),
/// stores the new PDF, revokes the old certificate, moves the programme row to the new number and marks it valid, in
/// that order: a crash leaves at most a revoked certificate pointing at a pending one, which the retried reissue
/// completes.
/// </para>
/// </remarks>
public sealed partial class CertificateIssuer(RecordStore store, TimeProvider time, CertificateOptions options, ILogger<CertificateIssuer> logger)
{
    /// <summary>Where a certificate is issued when the coordinating unit has no city on record.</summary>
    public const string DefaultPlaceOfIssue = "Jakarta";

    /// <summary>
    /// Issues the certificate of one participant, or returns the one already issued (the same number however often it
    /// is called). The participant must meet the programme's <see cref="CertificateRules"/> and the training week
    /// must be over (WIB); the issue date is today in WIB.
    /// </summary>
    /// <exception cref="CertificateIssueException">The certificate cannot be issued; the message says why.</exception>
    public async Task<IssuedCertificate> IssueAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programmeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        using var span = Telemetry.StartSpan("certificate issue", programmeId);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var record = await RecordAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false);
        if (record is { Sha256.Length: > 0 })
        {
            var existing = await MarkValidAsync(record.Number, record.Sha256, cancellationToken).ConfigureAwait(false);
            LogAlreadyIssued(logger, record.Number, participantId, programmeId);
            return Issued(existing);
        }

        var source = await LoadAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false);
        var attendance = await ProgrammeQueries.AttendanceAsync(store, programmeId, cancellationToken).ConfigureAwait(false);
        var assessment = await store.Programmes.GetEntityIfExistsAsync<AssessmentEntity>(programmeId, AssessmentEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var decision = CertificateRules.Decide(source.Programme, source.Participant, attendance, assessment.HasValue ? assessment.Value : null);
        if (!decision.Qualifies)
        {
            throw new CertificateIssueException(
                CertificateIssueProblem.NotQualifying,
                $"{programmeId}/{participantId}",
                $"Participant '{participantId}' does not qualify for a certificate: {string.Join("; ", decision.Reasons.Select(r => r.English))}.",
                $"Peserta '{participantId}' tidak memenuhi syarat sertifikat: {string.Join("; ", decision.Reasons.Select(r => r.Indonesian))}.");
        }

        if (record is null)
        {
            record = await ReserveAsync(source, cancellationToken).ConfigureAwait(false);
            if (record.Sha256.Length > 0)
            {
                return Issued(await MarkValidAsync(record.Number, record.Sha256, cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            LogResuming(logger, record.Number, participantId, programmeId);
        }

        var reservation = record;
        var certificate = await ClaimAsync(
            reservation.Number,
            number => NewCertificate(source, number, replaces: null),
            (taken, token) => MoveRecordAsync(reservation, taken, source.Programme.Year, token),
            cancellationToken).ConfigureAwait(false);
        var sha256 = await StorePdfAsync(certificate, source, cancellationToken).ConfigureAwait(false);
        await CompleteRecordAsync(reservation, certificate, sha256, cancellationToken).ConfigureAwait(false);
        certificate = await MarkValidAsync(certificate.Number, sha256, cancellationToken).ConfigureAwait(false);
        LogIssued(logger, certificate.Number, participantId, programmeId);
        Telemetry.CertificatesIssued.Add(1, new KeyValuePair<string, object?>(Telemetry.ProgrammeIdTag, programmeId));
        return Issued(certificate);
    }

    /// <summary>Revokes a valid certificate; verification then answers 410 Gone with the date and reason.</summary>
    /// <param name="number">The certificate.</param>
    /// <param name="reason">Why, as it should be shown to anyone verifying the certificate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CertificateIssueException">No such certificate, or it is revoked already.</exception>
    public async Task<CertificateEntity> RevokeAsync(CertificateNumber number, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var certificate = await IssuedCertificateAsync(number.Value, cancellationToken).ConfigureAwait(false);
            if (certificate.StatusValue == CertificateStatus.Revoked)
            {
                throw AlreadyRevoked(certificate);
            }

            certificate.Status = nameof(CertificateStatus.Revoked);
            certificate.RevokedAt = time.GetUtcNow();
            certificate.RevocationReason = reason.Trim();
            if (await TryUpdateAsync(certificate, cancellationToken).ConfigureAwait(false))
            {
                LogRevoked(logger, certificate.Number, certificate.ProgrammeId);
                return certificate;
            }
        }
    }

    /// <summary>
    /// Reissues a certificate under a new number, with the participant's name and the programme's details as they
    /// are now (after a correction), and revokes the old one with the reason <c>Reissued as {new}: {reason}</c>. The
    /// two point at each other, and the programme row moves to the new number. A reissue interrupted by a crash is
    /// completed, with the same new number, when it is asked for again.
    /// </summary>
    /// <param name="number">The certificate to replace: the participant's current one.</param>
    /// <param name="reason">Why, such as a misspelt name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="CertificateIssueException">No such certificate, it was reissued already, or the new one cannot be printed.</exception>
    public async Task<IssuedCertificate> ReissueAsync(CertificateNumber number, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var old = await IssuedCertificateAsync(number.Value, cancellationToken).ConfigureAwait(false);
        if (old.ReplacedBy is { } earlier && (await CertificateAsync(earlier, cancellationToken).ConfigureAwait(false))?.StatusValue is not (null or CertificateStatus.Pending))
        {
            throw AlreadyReplaced(old, earlier);
        }

        var record = await RecordAsync(old.ProgrammeId, old.ParticipantId, cancellationToken).ConfigureAwait(false);
        if (record is null || (record.Number != old.Number && record.Number != old.ReplacedBy))
        {
            throw AlreadyReplaced(old, record?.Number ?? "?");
        }

        var source = await LoadAsync(old.ProgrammeId, old.ParticipantId, cancellationToken).ConfigureAwait(false);
        if (old.ReplacedBy is null)
        {
            old.ReplacedBy = CertificateNumber.CreateRandom(source.Programme.Year).Value;
            if (!await TryUpdateAsync(old, cancellationToken).ConfigureAwait(false))
            {
                throw Concurrent(old.Number);
            }
        }

        var certificate = await ClaimAsync(
            old.ReplacedBy,
            next => NewCertificate(source, next, replaces: old.Number),
            async (taken, token) =>
            {
                old.ReplacedBy = CertificateNumber.CreateRandom(source.Programme.Year).Value;
                return await TryUpdateAsync(old, token).ConfigureAwait(false) ? old.ReplacedBy : throw Concurrent(old.Number);
            },
            cancellationToken).ConfigureAwait(false);
        var sha256 = await StorePdfAsync(certificate, source, cancellationToken).ConfigureAwait(false);

        // Revoke the old one before the programme row moves, so the two are never valid at once.
        while (old.StatusValue != CertificateStatus.Revoked || old.ReplacedBy != certificate.Number)
        {
            if (old.StatusValue != CertificateStatus.Revoked)
            {
                old.Status = nameof(CertificateStatus.Revoked);
                old.RevokedAt = time.GetUtcNow();
                old.RevocationReason = $"Reissued as {certificate.Number}: {reason.Trim()}";
            }

            old.ReplacedBy = certificate.Number;
            if (!await TryUpdateAsync(old, cancellationToken).ConfigureAwait(false))
            {
                old = await IssuedCertificateAsync(number.Value, cancellationToken).ConfigureAwait(false);
                if (old.ReplacedBy != certificate.Number)
                {
                    throw Concurrent(old.Number);
                }
            }
        }

        await CompleteRecordAsync(record, certificate, sha256, cancellationToken).ConfigureAwait(false);
        certificate = await MarkValidAsync(certificate.Number, sha256, cancellationToken).ConfigureAwait(false);
        LogReissued(logger, old.Number, certificate.Number, certificate.ProgrammeId);
        Telemetry.CertificatesIssued.Add(1, new KeyValuePair<string, object?>(Telemetry.ProgrammeIdTag, certificate.ProgrammeId));
        return Issued(certificate);
    }

    private static IssuedCertificate Issued(CertificateEntity c) =>
        new(c.Number, c.ProgrammeId, c.ParticipantId, c.BlobName, c.Sha256, DateText.Parse(c.IssueDate), c.Replaces);

    private static CertificateIssueException AlreadyRevoked(CertificateEntity c) => new(
        CertificateIssueProblem.AlreadyRevoked,
        c.Number,
        $"Certificate {c.Number} is revoked already.",
        $"Sertifikat {c.Number} sudah dicabut.");

    private static CertificateIssueException AlreadyReplaced(CertificateEntity c, string replacement) => new(
        CertificateIssueProblem.AlreadyReplaced,
        c.Number,
        $"Certificate {c.Number} was already replaced by {replacement}; reissue that one instead.",
        $"Sertifikat {c.Number} sudah diganti dengan {replacement}; terbitkan ulang sertifikat itu.");

    private static CertificateIssueException Concurrent(string number) => new(
        CertificateIssueProblem.Concurrent,
        number,
        $"Certificate {number} was changed by another request at the same moment; send the request again.",
        $"Sertifikat {number} diubah oleh permintaan lain pada saat yang sama; kirim ulang permintaan.");

    private static CertificateIssueException NotFound(string key, string english, string indonesian) =>
        new(CertificateIssueProblem.NotFound, key, english, indonesian);

    // The public row as a new, pending certificate of the participant: the texts it shows are frozen here.
    private CertificateEntity NewCertificate(Source source, string number, string? replaces) => new()
    {
        PartitionKey = number,
        ProgrammeId = source.Programme.PartitionKey,
        ParticipantId = source.Participant.ParticipantId,
        Initials = source.Initials,
        ProgrammeTitle = source.Programme.Title,
        TrackCode = source.Track.Code,
        TrackName = source.Track.Name,
        TrackNameEnglish = source.Track.NameEnglish,
        StartDate = source.Programme.StartDate!,
        EndDate = source.Programme.EndDate!,
        IssuingUnit = source.IssuingUnit,
        IssueDate = DateText.Of(source.Today),
        IssuedAt = time.GetUtcNow(),
        Status = nameof(CertificateStatus.Pending),
        Replaces = replaces,
        BlobName = CertificateEntity.BlobNameOf(source.Programme.PartitionKey, number),
    };

    /// <summary>
    /// Inserts the public row for <paramref name="number"/>; a row an earlier attempt left for the same participant
    /// (and the same replaced certificate) is taken as this one, a row of another certificate makes
    /// <paramref name="redraw"/> move the reservation to a fresh number.
    /// </summary>
    private async Task<CertificateEntity> ClaimAsync(
        string number, Func<string, CertificateEntity> create, Func<string, CancellationToken, Task<string>> redraw, CancellationToken cancellationToken)
    {
        while (true)
        {
            var certificate = create(number);
            try
            {
                var added = await store.Certificates.AddEntityAsync(certificate, cancellationToken).ConfigureAwait(false);
                certificate.ETag = added.Headers.ETag ?? default;
                return certificate;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == TableErrorCode.EntityAlreadyExists)
            {
                var existing = await CertificateAsync(number, cancellationToken).ConfigureAwait(false);
                if (existing is not null && existing.ProgrammeId == certificate.ProgrammeId && existing.ParticipantId == certificate.ParticipantId && existing.Replaces == certificate.Replaces)
                {
                    return existing;
                }

                LogNumberTaken(logger, number, certificate.ParticipantId, certificate.ProgrammeId);
                number = await redraw(number, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The participant's reservation, written before anything else with a fresh number; a concurrent attempt's wins.
    private async Task<ParticipantCertificateEntity> ReserveAsync(Source source, CancellationToken cancellationToken)
    {
        var programmeId = source.Programme.PartitionKey;
        var participantId = source.Participant.ParticipantId;
        var number = CertificateNumber.CreateRandom(source.Programme.Year).Value;
        var record = new ParticipantCertificateEntity
        {
            PartitionKey = programmeId,
            RowKey = ParticipantCertificateEntity.Prefix + participantId,
            Number = number,
            BlobName = CertificateEntity.BlobNameOf(programmeId, number),
        };
        try
        {
            var added = await store.Programmes.AddEntityAsync(record, cancellationToken).ConfigureAwait(false);
            record.ETag = added.Headers.ETag ?? default;
            return record;
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            return await RecordAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false) ?? throw Concurrent($"{programmeId}/{participantId}");
        }
    }

    // Moves an incomplete reservation off a number that turned out to be taken; adopts a number another attempt moved it to.
    private async Task<string> MoveRecordAsync(ParticipantCertificateEntity record, string taken, int year, CancellationToken cancellationToken)
    {
        var programmeId = record.PartitionKey;
        var participantId = record.ParticipantId;
        while (true)
        {
            var number = CertificateNumber.CreateRandom(year).Value;
            record.Number = number;
            record.BlobName = CertificateEntity.BlobNameOf(programmeId, number);
            try
            {
                var updated = await store.Programmes.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                record.ETag = updated.Headers.ETag ?? default;
                return number;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                var current = await RecordAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false) ?? throw Concurrent($"{programmeId}/{participantId}");
                CopyInto(current, record);
                if (current.Number != taken)
                {
                    return current.Number;
                }
            }
        }
    }

    // Completes the programme row with the certificate's number and PDF; someone else completing it the same way is fine.
    private async Task CompleteRecordAsync(ParticipantCertificateEntity record, CertificateEntity certificate, string sha256, CancellationToken cancellationToken)
    {
        while (record.Number != certificate.Number || record.Sha256 != sha256)
        {
            record.Number = certificate.Number;
            record.BlobName = certificate.BlobName;
            record.Sha256 = sha256;
            record.IssuedAt = certificate.IssuedAt;
            try
            {
                var updated = await store.Programmes.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                record.ETag = updated.Headers.ETag ?? default;
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                var current = await RecordAsync(record.PartitionKey, record.ParticipantId, cancellationToken).ConfigureAwait(false) ?? throw Concurrent(certificate.Number);
                var expected = certificate.Replaces is null ? certificate.Number : certificate.Replaces;
                if (current.Number != certificate.Number && current.Number != expected)
                {
                    throw Concurrent(certificate.Number);
                }

                CopyInto(current, record);
            }
        }
    }

    // Marks a pending certificate valid (once its PDF and programme row are in place); a valid or revoked one is left as it is.
    private async Task<CertificateEntity> MarkValidAsync(string number, string sha256, CancellationToken cancellationToken)
    {
        while (true)
        {
            var certificate = await CertificateAsync(number, cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(number, $"Certificate {number} has a programme record but no public record.", $"Sertifikat {number} memiliki catatan program tetapi tidak memiliki catatan publik.");
            if (certificate.StatusValue != CertificateStatus.Pending)
            {
                return certificate;
            }

            certificate.Status = nameof(CertificateStatus.Valid);
            certificate.Sha256 = sha256;
            if (await TryUpdateAsync(certificate, cancellationToken).ConfigureAwait(false))
            {
                return certificate;
            }
        }
    }

    /// <summary>Renders the certificate and stores it once; a PDF an earlier attempt stored stays, as the frozen one.</summary>
    private async Task<string> StorePdfAsync(CertificateEntity certificate, Source source, CancellationToken cancellationToken)
    {
        var blob = store.CertificateFiles.GetBlobClient(certificate.BlobName);
        var stored = await blob.ExistsAsync(cancellationToken).ConfigureAwait(false);
        if (!stored.Value)
        {
            byte[] pdf;
            try
            {
                pdf = CertificatePdf.Render(Content(certificate, source));
            }
            catch (ArgumentException ex)
            {
                throw new CertificateIssueException(
                    CertificateIssueProblem.ContentNotPrintable,
                    certificate.Number,
                    $"Certificate {certificate.Number} cannot be printed: {ex.Message}",
                    $"Sertifikat {certificate.Number} tidak dapat dicetak: {ex.Message}");
            }

            var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
            var (content, upload) = CertificateFile.Sealed(store, pdf, sha256, new BlobRequestConditions { IfNoneMatch = ETag.All });
            try
            {
                await blob.UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
                return sha256;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobAlreadyExists || ex.ErrorCode == BlobErrorCode.ConditionNotMet)
            {
                // A concurrent attempt stored it first: its PDF is the frozen one.
            }
        }

        LogPdfKept(logger, certificate.Number);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (properties.Value.Metadata.TryGetValue(CertificateFile.Sha256Metadata, out var kept))
        {
            return kept;
        }

        return Convert.ToHexStringLower(SHA256.HashData(await CertificateFile.ReadAsync(store, certificate.BlobName, cancellationToken).ConfigureAwait(false)));
    }

    private CertificateContent Content(CertificateEntity certificate, Source source) => new()
    {
        Number = CertificateNumber.Parse(certificate.Number),
        HolderName = source.HolderName,
        ProgrammeTitleIndonesian = certificate.ProgrammeTitle,
        ProgrammeTitleEnglish = certificate.ProgrammeTitle,
        TrackNameIndonesian = certificate.TrackName,
        TrackNameEnglish = certificate.TrackNameEnglish,
        StartDate = DateText.Parse(certificate.StartDate),
        EndDate = DateText.Parse(certificate.EndDate),
        IssuingUnit = certificate.IssuingUnit,
        PlaceOfIssue = source.PlaceOfIssue,
        IssueDate = DateText.Parse(certificate.IssueDate),
        VerificationUrl = options.VerificationUrl(CertificateNumber.Parse(certificate.Number)),
    };

    /// <summary>
    /// Loads what a certificate prints and checks it can be printed before anything is written: training dates in the
    /// past, a name and a track, texts that fit and do not name the facility.
    /// </summary>
    private async Task<Source> LoadAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var key = $"{programmeId}/{participantId}";
        var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!programme.HasValue)
        {
            throw NotFound(key, $"No programme '{programmeId}' exists.", $"Tidak ada program '{programmeId}'.");
        }

        var participant = await store.Programmes.GetEntityIfExistsAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var identity = await store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programmeId, participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!participant.HasValue || !identity.HasValue)
        {
            throw NotFound(key, $"Programme '{programmeId}' has no participant '{participantId}' with a name on record.", $"Program '{programmeId}' tidak memiliki peserta '{participantId}' dengan nama tercatat.");
        }

        var p = programme.Value!;
        var track = await store.Programmes.GetEntityIfExistsAsync<TrackEntity>(programmeId, TrackEntity.Prefix + participant.Value!.TrackCode, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!track.HasValue)
        {
            throw NotFound(key, $"Programme '{programmeId}' has no track '{participant.Value.TrackCode}'.", $"Program '{programmeId}' tidak memiliki kelas '{participant.Value.TrackCode}'.");
        }

        var today = DateText.TodayInWib(time);
        if (p.StartDate is null || p.EndDate is null || today < DateText.Parse(p.EndDate))
        {
            var end = p.EndDate ?? "(not planned)";
            throw new CertificateIssueException(
                CertificateIssueProblem.TooEarly,
                key,
                $"Certificates of programme '{programmeId}' are issued from its last training day ({end}, WIB) on.",
                $"Sertifikat program '{programmeId}' diterbitkan mulai hari terakhir pelatihannya ({(p.EndDate ?? "belum direncanakan")}, WIB).");
        }

        var unit = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, p.CoordinatorUnitId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var facility = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, p.FacilityId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var facilityName = facility.HasValue ? facility.Value!.Name : null;
        foreach (var (field, text) in new[] { ("programme title", p.Title), ("track name", track.Value!.Name), ("English track name", track.Value.NameEnglish) })
        {
            if (FacilityMention.Find(text, facilityName) is { } word)
            {
                throw new CertificateIssueException(
                    CertificateIssueProblem.ContentNotPrintable,
                    key,
                    $"The {field} '{text}' contains '{word}', which would show that the holder was in a correctional facility; certificates are issued in the name of the ministry's programme only. Correct the {field}.",
                    $"{(field == "programme title" ? "Judul program" : "Nama kelas")} '{text}' memuat '{word}', yang akan menunjukkan bahwa pemegangnya pernah berada di lembaga pemasyarakatan; sertifikat hanya diterbitkan atas nama program kementerian. Perbaiki isian tersebut.");
            }
        }

        await AuditLog.RecordSystemAsync(store, time, AuditLog.CertificatesActor, AuditAction.CertificateNamePrinted, programmeId, null, [participantId], null, null, cancellationToken).ConfigureAwait(false);
        var holderName = store.PersonalData.OpenText(identity.Value!.SealedFullName);
        string initials;
        try
        {
            initials = HolderInitials.Of(holderName);
        }
        catch (ArgumentException ex)
        {
            throw new CertificateIssueException(CertificateIssueProblem.ContentNotPrintable, key, ex.Message, $"Nama '{holderName}' tidak memiliki huruf untuk inisial.");
        }

        var source = new Source(
            p,
            participant.Value,
            track.Value,
            holderName.Trim(),
            initials,
            unit.HasValue ? unit.Value!.Name : p.CoordinatorUnitId,
            unit.HasValue && !string.IsNullOrWhiteSpace(unit.Value!.City) ? unit.Value.City : DefaultPlaceOfIssue,
            today);

        // Every field's limits, checked with a stand-in number before any number is taken.
        try
        {
            Content(NewCertificate(source, CertificateNumber.Create(p.Year, 0).Value, replaces: null), source).Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CertificateIssueException(CertificateIssueProblem.ContentNotPrintable, key, $"The certificate cannot be printed: {ex.Message}", $"Sertifikat tidak dapat dicetak: {ex.Message}");
        }

        return source;
    }

    private async Task<ParticipantCertificateEntity?> RecordAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var found = await store.Programmes.GetEntityIfExistsAsync<ParticipantCertificateEntity>(programmeId, ParticipantCertificateEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private async Task<CertificateEntity?> CertificateAsync(string number, CancellationToken cancellationToken)
    {
        var found = await store.Certificates.GetEntityIfExistsAsync<CertificateEntity>(number, CertificateEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    // A certificate that verification knows: valid or revoked, never pending.
    private async Task<CertificateEntity> IssuedCertificateAsync(string number, CancellationToken cancellationToken) =>
        await CertificateAsync(number, cancellationToken).ConfigureAwait(false) is { StatusValue: not CertificateStatus.Pending } certificate
            ? certificate
            : throw NotFound(number, $"No certificate {number} has been issued.", $"Tidak ada sertifikat {number} yang diterbitkan.");

    // Replaces the row if nobody changed it since it was read; false (and nothing written) when someone did.
    private async Task<bool> TryUpdateAsync(CertificateEntity certificate, CancellationToken cancellationToken)
    {
        try
        {
            var updated = await store.Certificates.UpdateEntityAsync(certificate, certificate.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            certificate.ETag = updated.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    private static void CopyInto(ParticipantCertificateEntity from, ParticipantCertificateEntity to)
    {
        to.Number = from.Number;
        to.BlobName = from.BlobName;
        to.Sha256 = from.Sha256;
        to.IssuedAt = from.IssuedAt;
        to.ETag = from.ETag;
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Issued certificate {Number} to participant {ParticipantId} of programme {ProgrammeId}.")]
    private static partial void LogIssued(ILogger logger, string number, string participantId, string programmeId);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Participant {ParticipantId} of programme {ProgrammeId} already holds certificate {Number}; nothing issued.")]
    private static partial void LogAlreadyIssued(ILogger logger, string number, string participantId, string programmeId);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Resuming the issue of certificate {Number} to participant {ParticipantId} of programme {ProgrammeId}.")]
    private static partial void LogResuming(ILogger logger, string number, string participantId, string programmeId);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Certificate number {Number} is taken by another certificate; drawing another for participant {ParticipantId} of programme {ProgrammeId}.")]
    private static partial void LogNumberTaken(ILogger logger, string number, string participantId, string programmeId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "The PDF of certificate {Number} was stored by an earlier attempt; it is kept.")]
    private static partial void LogPdfKept(ILogger logger, string number);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "Revoked certificate {Number} of programme {ProgrammeId}.")]
    private static partial void LogRevoked(ILogger logger, string number, string programmeId);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Information, Message = "Reissued certificate {Number} as {Replacement} in programme {ProgrammeId}.")]
    private static partial void LogReissued(ILogger logger, string number, string replacement, string programmeId);

    /// <summary>What a certificate is made from, loaded and checked once per operation.</summary>
    private sealed record Source(
        ProgrammeEntity Programme, ParticipantEntity Participant, TrackEntity Track, string HolderName, string Initials, string IssuingUnit, string PlaceOfIssue, DateOnly Today);
}
