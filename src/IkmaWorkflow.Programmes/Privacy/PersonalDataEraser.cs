using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>What removing one participant's personal data did (or found done by an earlier run).</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ParticipantId">The participant's pseudonymous id, which stays.</param>
/// <param name="RemovedAt">When the participant row was marked (the first run's time on a re-run).</param>
/// <param name="Reason">Why.</param>
/// <param name="IdentityDeleted">Whether this run deleted the identity row (false when an earlier run had).</param>
/// <param name="Certificates">The participant's certificates after the run.</param>
/// <param name="CheckpointsClosed">Follow-up checkpoints this run closed as <c>Erased</c>.</param>
/// <param name="SubmissionAnswersRedacted">Stored form answers this run cleared names and contacts from.</param>
public sealed record RemovalSummary(
    string ProgrammeId, string ParticipantId, DateTimeOffset RemovedAt, string Reason, bool IdentityDeleted, IReadOnlyList<RemovedCertificate> Certificates, int CheckpointsClosed, int SubmissionAnswersRedacted);

/// <summary>A certificate of an erased participant.</summary>
/// <param name="Number">Its number, which still verifies (initials only) unless revoked.</param>
/// <param name="Status">Valid or Revoked.</param>
/// <param name="PdfRemoved">Whether its stored PDF (with the full name) is gone.</param>
public sealed record RemovedCertificate(string Number, string Status, bool PdfRemoved);

/// <summary>
/// Removes one participant's personal data for an erasure request or at the end of its retention, and leaves the
/// rest non-identifying under the pseudonymous id so aggregate reports still count the person.
/// </summary>
/// <remarks>
/// <para>
/// Every step is idempotent and reads before it writes, so a run that failed half-way is completed by running it
/// again, and a run over a participant already done changes nothing. The participant row is marked last, so a
/// participant marked removed has nothing left to remove; the identity row goes before it, so the name is gone as
/// early as possible.
/// </para>
/// <list type="number">
/// <item>Stored form answers (the <c>Submissions</c> table) that mention the participant lose its name, contact and free texts
/// (erasure requests only; the daily purge deletes old answers wholesale).</item>
/// <item>Certificates: each PDF (it carries the full name) is deleted and the public row marked
/// <see cref="CertificateEntity.PdfRemovedAt"/>; a pending one (never verifiable) is deleted outright; a valid one
/// stays valid, showing initials only, unless revocation was asked for.</item>
/// <item>Follow-up checkpoints still <c>Scheduled</c> or <c>Requested</c> are closed as <c>Erased</c> and their
/// orchestrations terminated, so nobody is asked about the person again; every checkpoint loses its free-text
/// business sector. Reported outcomes stay for the cohort report.</item>
/// <item>The assessment loses its free-text remarks; pass and score stay.</item>
/// <item>The identity row (name, contact) is deleted.</item>
/// <item>The participant row loses its expected release month, release date and route, and is marked removed.</item>
/// </list>
/// <para>
/// Not a DI singleton: a function makes it with its <c>[DurableClient]</c>:
/// <c>ActivatorUtilities.CreateInstance&lt;PersonalDataEraser&gt;(services, client)</c> (and the retention purge with that eraser).
/// </para>
/// </remarks>
public sealed class PersonalDataEraser(RecordStore store, DurableTaskClient client, TimeProvider time, ILogger<PersonalDataEraser> logger)
{
    /// <summary>The organisation recorded for removals made by the daily purge.</summary>
    public const string RetentionActor = "retention";

    /// <summary>The revocation reason of a certificate withdrawn with its holder's erasure, shown to anyone who verifies it.</summary>
    public const string RevocationReason = "Ditarik atas permintaan pemegang (data pribadi dihapus) / Withdrawn at the holder's request (personal data erased)";

    private static readonly string[] PersonalProperties = ["fullName", "holderName", "contact", "remarks", "businessSector"];

    /// <summary>Removes the personal data of participant <paramref name="participantId"/> of <paramref name="programmeId"/>.</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="participantId">The participant.</param>
    /// <param name="reason">Why.</param>
    /// <param name="by">The organisation asking, or <see cref="RetentionActor"/>.</param>
    /// <param name="revokeCertificates">Whether valid certificates are revoked too (only on request of the person).</param>
    /// <param name="cancellationToken">Cancels the run; what it did stays done, and a new run completes it.</param>
    /// <exception cref="KeyNotFoundException">The programme has no such participant.</exception>
    /// <exception cref="RequestFailedException">Storage failed; run again.</exception>
    public async Task<RemovalSummary> RemoveAsync(string programmeId, string participantId, RemovalReason reason, string by, bool revokeCertificates, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(programmeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        if (!(await store.Programmes.GetEntityIfExistsAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            throw new KeyNotFoundException($"Programme '{programmeId}' has no participant '{participantId}'.");
        }

        var redacted = reason == RemovalReason.ErasureRequest ? await RedactAnswersAsync(store, filter: null, participantId, beforeWriting: null, cancellationToken).ConfigureAwait(false) : 0;
        var certificates = await RemoveCertificatesAsync(programmeId, participantId, revokeCertificates, cancellationToken).ConfigureAwait(false);
        var closed = await CloseCheckpointsAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false);
        await ClearAssessmentRemarksAsync(programmeId, participantId, cancellationToken).ConfigureAwait(false);

        // The SDK answers a missing entity's delete without throwing: a 404 means an earlier run (or the purge) deleted it.
        var deleted = (await store.Identities.DeleteEntityAsync(programmeId, participantId, ETag.All, cancellationToken).ConfigureAwait(false)).Status != 404;

        var participant = await MarkParticipantAsync(programmeId, participantId, reason, by, cancellationToken).ConfigureAwait(false);
        var reasonText = reason.ToString();
        PrivacyLog.Removed(logger, programmeId, participantId, reasonText, deleted, certificates.Count, closed, redacted);
        return new RemovalSummary(programmeId, participantId, participant.PersonalDataRemovedAt!.Value, participant.PersonalDataRemovedBecause!, deleted, certificates, closed, redacted);
    }

    /// <summary>Every certificate row (valid, revoked or pending) of one participant, from the public table.</summary>
    /// <remarks>A filter on two properties scans the Certificates table; it is read only for a person's request, which is rare.</remarks>
    internal static async Task<List<CertificateEntity>> CertificatesOfAsync(RecordStore store, string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var rows = new List<CertificateEntity>();
        var filter = TableClient.CreateQueryFilter($"ProgrammeId eq {programmeId} and ParticipantId eq {participantId}");
        await foreach (var row in store.Certificates.QueryAsync<CertificateEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<RemovedCertificate>> RemoveCertificatesAsync(string programmeId, string participantId, bool revoke, CancellationToken cancellationToken)
    {
        var result = new List<RemovedCertificate>();
        foreach (var certificate in await CertificatesOfAsync(store, programmeId, participantId, cancellationToken).ConfigureAwait(false))
        {
            await store.CertificateFiles.DeleteBlobIfExistsAsync(certificate.BlobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
            var row = certificate;
            while (true)
            {
                if (row.StatusValue == CertificateStatus.Pending)
                {
                    // Never verifiable, and now without a PDF: nothing of it is worth keeping. (A row already gone
                    // answers 404 without throwing.)
                    try
                    {
                        await store.Certificates.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412)
                    {
                        row = (await store.Certificates.GetEntityAsync<CertificateEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                        continue;
                    }
                }

                var revokeNow = revoke && row.StatusValue == CertificateStatus.Valid;
                if (row.PdfRemovedAt is not null && !revokeNow)
                {
                    result.Add(new RemovedCertificate(row.Number, row.Status, PdfRemoved: true));
                    break;
                }

                var now = time.GetUtcNow();
                row.PdfRemovedAt ??= now;
                if (revokeNow)
                {
                    row.Status = nameof(CertificateStatus.Revoked);
                    row.RevokedAt = now;
                    row.RevocationReason = RevocationReason;
                }

                try
                {
                    await store.Certificates.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    result.Add(new RemovedCertificate(row.Number, row.Status, PdfRemoved: true));
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // Revoked or reissued at the same moment: read it again and decide afresh.
                    row = (await store.Certificates.GetEntityAsync<CertificateEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                }
            }
        }

        return result;
    }

    private async Task<int> CloseCheckpointsAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        var closed = 0;
        var rows = await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, programmeId, $"{FollowUpEntity.Prefix}{participantId}|", cancellationToken).ConfigureAwait(false);
        foreach (var original in rows)
        {
            var row = original;
            while (true)
            {
                var open = row.Status is CheckpointStatus.Scheduled or CheckpointStatus.Requested;
                if (!open && row.BusinessSector is null)
                {
                    break;
                }

                if (open)
                {
                    row.Status = CheckpointStatus.Erased;
                    row.ReportedAt = time.GetUtcNow();
                }

                row.BusinessSector = null;
                try
                {
                    await store.Programmes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    closed += open ? 1 : 0;
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status == 412)
                {
                    // An outcome or the scan at the same moment: read again; a reported outcome keeps its figures.
                    row = (await store.Programmes.GetEntityAsync<FollowUpEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                }
            }

            if (row.Status == CheckpointStatus.Erased)
            {
                await StopOrchestrationAsync(new FollowUpCheckpoint(programmeId, participantId, row.Months), cancellationToken).ConfigureAwait(false);
            }
        }

        return closed;
    }

    // The checkpoint is closed already, so the orchestration's next step would end it; terminating ends it now, before
    // it waits days for a reminder moment. A checkpoint never started, or finished, needs nothing.
    private async Task StopOrchestrationAsync(FollowUpCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _ = await OrchestrationInstances.TerminateAsync(client, checkpoint.InstanceId, new FollowUpResult(CheckpointStatus.Erased, 0, false), cancellationToken).ConfigureAwait(false);
    }

    private async Task ClearAssessmentRemarksAsync(string programmeId, string participantId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await store.Programmes.GetEntityIfExistsAsync<AssessmentEntity>(programmeId, AssessmentEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue || found.Value!.Remarks is null)
            {
                return;
            }

            var assessment = found.Value;
            assessment.Remarks = null;
            try
            {
                await store.Programmes.UpdateEntityAsync(assessment, assessment.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // A new assessment arrived at the same moment: clear its remarks instead.
            }
        }
    }

    private async Task<ParticipantEntity> MarkParticipantAsync(string programmeId, string participantId, RemovalReason reason, string by, CancellationToken cancellationToken)
    {
        while (true)
        {
            var participant = (await store.Programmes.GetEntityAsync<ParticipantEntity>(programmeId, ParticipantEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (participant.PersonalDataRemovedAt is not null && participant.ExpectedReleaseMonth is null && participant.ReleaseDate is null && participant.ReleaseRoute is null)
            {
                return participant;
            }

            participant.ExpectedReleaseMonth = null;
            participant.ReleaseDate = null;
            participant.ReleaseRoute = null;
            if (participant.PersonalDataRemovedAt is null)
            {
                participant.PersonalDataRemovedAt = time.GetUtcNow();
                participant.PersonalDataRemovedBecause = reason.ToString();
                participant.PersonalDataRemovedBy = by;
            }

            try
            {
                await store.Programmes.UpdateEntityAsync(participant, participant.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return participant;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // A form changed the participant at the same moment: read again.
            }
        }
    }

    /// <summary>
    /// Blanks names, contacts and free texts (<see cref="Redact"/>) in the stored form answers that <paramref name="filter"/>
    /// selects (all when null) and that mention <paramref name="participantId"/> (any when null). The rest of each
    /// answer stays, so a resent form is still recognised and never applied twice.
    /// </summary>
    /// <param name="store">The records.</param>
    /// <param name="filter">Which answers to read.</param>
    /// <param name="participantId">The participant whose names go; null for every name.</param>
    /// <param name="beforeWriting">
    /// Called with the number of answers to change once they are known and before any is written (the purge's audit
    /// row); when it throws, nothing is written.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>How many answers changed.</returns>
    internal static async Task<int> RedactAnswersAsync(RecordStore store, string? filter, string? participantId, Func<int, Task>? beforeWriting, CancellationToken cancellationToken)
    {
        var changed = new List<SubmissionEntity>();
        await foreach (var answer in store.Submissions.QueryAsync<SubmissionEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Answers are sealed (FormSubmissions); those stored before were not, and open as they are.
            var text = store.PersonalData.Open(answer.Body);
            if (text is null || (participantId is not null && !text.Contains(participantId, StringComparison.Ordinal)))
            {
                continue;
            }

            JsonNode? body;
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }

            if (body is null || !Redact(body, participantId))
            {
                continue;
            }

            answer.Body = store.PersonalData.Seal(body.ToJsonString());
            changed.Add(answer);
        }

        if (changed.Count > 0 && beforeWriting is not null)
        {
            await beforeWriting(changed.Count).ConfigureAwait(false);
        }

        var redacted = 0;
        foreach (var answer in changed)
        {
            try
            {
                await store.Submissions.UpdateEntityAsync(answer, answer.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                redacted++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Taken over or removed at the same moment; the next run looks again.
            }
        }

        return redacted;
    }

    /// <summary>
    /// Sets <c>fullName</c>, <c>holderName</c>, <c>contact</c>, <c>remarks</c> and <c>businessSector</c> to null in
    /// every JSON object of <paramref name="node"/> that is participant <paramref name="participantId"/> (every
    /// object when it is null).
    /// </summary>
    /// <returns>Whether anything changed.</returns>
    internal static bool Redact(JsonNode node, string? participantId)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject item:
                if (participantId is null || IsParticipant(item, participantId))
                {
                    foreach (var name in PersonalProperties)
                    {
                        var key = item.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                        if (key is not null && item[key] is not null)
                        {
                            item[key] = null;
                            changed = true;
                        }
                    }
                }

                foreach (var child in item.Select(p => p.Value).OfType<JsonNode>().ToList())
                {
                    changed |= Redact(child, participantId);
                }

                break;
            case JsonArray list:
                foreach (var child in list.OfType<JsonNode>().ToList())
                {
                    changed |= Redact(child, participantId);
                }

                break;
        }

        return changed;
    }

    private static bool IsParticipant(JsonObject item, string participantId) =>
        item.Any(p => (string.Equals(p.Key, "id", StringComparison.OrdinalIgnoreCase) || string.Equals(p.Key, "participantId", StringComparison.OrdinalIgnoreCase))
            && p.Value is JsonValue value && value.TryGetValue<string>(out var text) && text == participantId);
}
