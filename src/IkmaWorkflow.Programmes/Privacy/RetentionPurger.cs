using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>What one purge did; a second run on the same day finds nothing left and answers all zeros.</summary>
/// <param name="Today">The day it judged by (WIB, <c>yyyy-MM-dd</c>).</param>
/// <param name="Participants">Participants whose personal data this run removed.</param>
/// <param name="OrphanIdentities">Identity rows past retention without a participant row, deleted.</param>
/// <param name="Documents">Documents whose file this run purged.</param>
/// <param name="SubmissionAnswers">Stored form answers older than <see cref="RetentionOptions.NamesInAnswersKeptFor"/> whose names, contacts and free texts this run blanked.</param>
/// <param name="ParticipantsKept">
/// Participants past their <c>RetentionUntil</c> kept all the same, because their programme has not finished or their
/// follow-up has not ended (each logged as warning 1612); a later run removes them once it has.
/// </param>
/// <param name="Resealed">Rows of names and contacts sealed again with the current key (<see cref="PersonalDataResealer"/>).</param>
public sealed record RetentionPurgeResult(string Today, int Participants, int OrphanIdentities, int Documents, int SubmissionAnswers, int ParticipantsKept, int Resealed = 0);

/// <summary>
/// The daily purge behind timer function <c>RetentionPurge</c>: removes the personal data of participants whose
/// <c>RetentionUntil</c> has passed (today in WIB) and whose programme is over for them (<see cref="MayRemove"/>),
/// deletes document files whose retention tag's period has ended (keeping their records, marked purged), and deletes
/// old stored form answers, expired sign-in links and ended sessions (<see cref="SignInRequests.PurgeEndedAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// A retention date alone never removes a person: it comes from a month typed into a form, and a mistyped year
/// (1900-01 was once accepted) would erase someone in the middle of their training. So a participant is kept, whatever
/// the date says, while the programme runs (any stage before <c>FollowUp</c> but <c>Cancelled</c>) and while their own
/// follow-up has not ended (a checkpoint open, or the last one's time to answer not over).
/// </para>
/// <para>
/// Safe to re-run: every item is judged from what is stored, participants through <see cref="PersonalDataEraser"/>
/// (idempotent), documents by deleting the file before marking the record, so a crash in between leaves a record the
/// next run marks. A failing item is logged and the others go on; the run then throws, so the invocation is recorded
/// as failed and the item is tried again the next day.
/// </para>
/// </remarks>
public sealed class RetentionPurger(RecordStore store, PersonalDataEraser eraser, EmailOutbox outbox, RetentionOptions options, FollowUpOptions followUps, TimeProvider time, ILogger<RetentionPurger> logger)
{
    /// <summary>Runs one purge.</summary>
    /// <exception cref="InvalidOperationException">Some items could not be purged; the others were.</exception>
    /// <exception cref="RequestFailedException">A table could not be queried.</exception>
    public async Task<RetentionPurgeResult> RunAsync(CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var today = DateText.TodayInWib(time);
        var todayText = DateText.Of(today);
        var failures = new List<Exception>();

        var (participants, kept) = await PurgeParticipantsAsync(today, failures, cancellationToken).ConfigureAwait(false);
        var orphans = await PurgeOrphanIdentitiesAsync(todayText, failures, cancellationToken).ConfigureAwait(false);
        var documents = await PurgeDocumentsAsync(today, failures, cancellationToken).ConfigureAwait(false);
        var answers = await PurgeSubmissionAnswersAsync(failures, cancellationToken).ConfigureAwait(false);
        var resealed = 0;
        try
        {
            resealed = await PersonalDataResealer.RunAsync(store, outbox, time, cancellationToken).ConfigureAwait(false);
            PrivacyLog.Resealed(logger, resealed, store.PersonalData.KeyId);
        }
        catch (RequestFailedException ex)
        {
            PrivacyLog.PurgeItemFailed(logger, ex, "resealing names and contacts with the current key");
            failures.Add(ex);
        }

        await PurgeSignInsAsync(failures, cancellationToken).ConfigureAwait(false);

        PrivacyLog.PurgeFinished(logger, todayText, participants, orphans, documents, answers, failures.Count);
        return failures.Count == 0
            ? new RetentionPurgeResult(todayText, participants, orphans, documents, answers, kept, resealed)
            : throw new InvalidOperationException($"{failures.Count} item(s) could not be purged; they stay for the next run.", new AggregateException(failures));
    }

    /// <summary>
    /// Whether the purge may remove <paramref name="participant"/>'s personal data on <paramref name="today"/>, its
    /// retention date having passed: never while <paramref name="programme"/> runs (a stage before <c>FollowUp</c>,
    /// other than <c>Cancelled</c>), nor, in <c>FollowUp</c>, while the participant's own follow-up has not ended.
    /// </summary>
    /// <param name="programme">The participant's programme; <see langword="null"/> when its row is gone (nothing runs).</param>
    /// <param name="participant">The participant.</param>
    /// <param name="checkpoints">The participant's follow-up checkpoints.</param>
    /// <param name="followUps">The follow-up settings (last checkpoint, give-up period).</param>
    /// <param name="today">Today in WIB.</param>
    /// <returns>Null when it may; otherwise why not, in English, for the log.</returns>
    public static string? MayRemove(ProgrammeEntity? programme, ParticipantEntity participant, IReadOnlyList<FollowUpEntity> checkpoints, FollowUpOptions followUps, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(followUps);
        if (programme is null || programme.StageValue == ProgrammeStage.Cancelled)
        {
            return null;
        }

        if (programme.StageValue != ProgrammeStage.FollowUp)
        {
            return $"the programme is at stage {programme.Stage}";
        }

        var end = programme.EndDate is null ? new DateOnly(programme.Year, 12, 31) : DateText.Parse(programme.EndDate);
        return FollowUpEnd(end, [participant], checkpoints, followUps) switch
        {
            null => "a follow-up checkpoint of the participant is open",
            { } ends when today <= ends => $"the participant's follow-up runs until {DateText.Of(ends)}",
            _ => null,
        };
    }

    /// <summary>
    /// When a document with <paramref name="tag"/> of <paramref name="programme"/> may be purged: the day after the
    /// returned date. <see langword="null"/> means not yet known (the programme runs, or its follow-up does: for
    /// <c>PersonalData</c>) or never (<c>Permanent</c>).
    /// </summary>
    /// <param name="tag">The document's retention tag.</param>
    /// <param name="programme">Its programme.</param>
    /// <param name="participants">The programme's participants.</param>
    /// <param name="checkpoints">The programme's follow-up checkpoints.</param>
    /// <param name="followUps">The follow-up settings (last checkpoint, give-up period).</param>
    public static DateOnly? KeptUntil(RetentionTag tag, ProgrammeEntity programme, IReadOnlyList<ParticipantEntity> participants, IReadOnlyList<FollowUpEntity> checkpoints, FollowUpOptions followUps)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(followUps);
        var end = programme.EndDate is null ? new DateOnly(programme.Year, 12, 31) : DateText.Parse(programme.EndDate);
        return tag switch
        {
            RetentionTag.ProgrammeRecord => end.AddYears(10),
            RetentionTag.Photo => end.AddYears(5),
            RetentionTag.PersonalData when programme.StageValue is ProgrammeStage.FollowUp or ProgrammeStage.Cancelled => FollowUpEnd(end, participants, checkpoints, followUps),
            _ => null,
        };
    }

    // The programme's follow-up ends when no checkpoint is open and the last one any inmate can still get (the last
    // configured month after the release, or after the expected release month's end) has had its time to be answered.
    private static DateOnly? FollowUpEnd(DateOnly programmeEnd, IReadOnlyList<ParticipantEntity> participants, IReadOnlyList<FollowUpEntity> checkpoints, FollowUpOptions followUps)
    {
        if (checkpoints.Any(c => c.Status is CheckpointStatus.Scheduled or CheckpointStatus.Requested))
        {
            return null;
        }

        var answerDays = (int)Math.Ceiling(followUps.GiveUpAfter.TotalDays);
        var lastMonths = followUps.CheckpointMonths[^1];
        var end = programmeEnd;
        foreach (var c in checkpoints)
        {
            end = Later(end, DateText.Parse(c.DueDate).AddDays(answerDays));
        }

        foreach (var p in participants.Where(p => p.Type == nameof(ParticipantType.Inmate) && p.Status == "Enrolled" && p.PersonalDataRemovedAt is null))
        {
            var released = p.ReleaseDate is not null ? DateText.Parse(p.ReleaseDate)
                : p.ExpectedReleaseMonth is not null ? DateText.ParseMonth(p.ExpectedReleaseMonth).AddMonths(1).AddDays(-1)
                : (DateOnly?)null;
            if (released is { } day)
            {
                // Follow-up counts from the end of the training at the earliest, whatever date was typed.
                end = Later(end, FollowUpCheckpoint.DueDate(Later(day, programmeEnd), lastMonths).AddDays(answerDays));
            }
        }

        return end;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a >= b ? a : b;

    private async Task<(int Purged, int Kept)> PurgeParticipantsAsync(DateOnly today, List<Exception> failures, CancellationToken cancellationToken)
    {
        var due = new List<ParticipantEntity>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ParticipantEntity.Prefix} and RowKey lt {"participant}"} and RetentionUntil lt {DateText.Of(today)}");
        await foreach (var row in store.Programmes.QueryAsync<ParticipantEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PersonalDataRemovedAt is null)
            {
                due.Add(row);
            }
        }

        int purged = 0, kept = 0;
        foreach (var programmeParticipants in due.GroupBy(p => p.PartitionKey, StringComparer.Ordinal))
        {
            ProgrammeEntity? programme;
            List<FollowUpEntity> checkpoints;
            try
            {
                var found = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeParticipants.Key, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
                programme = found.HasValue ? found.Value : null;
                checkpoints = await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, programmeParticipants.Key, FollowUpEntity.Prefix, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                PrivacyLog.PurgeItemFailed(logger, ex, $"participants of {programmeParticipants.Key}");
                failures.Add(ex);
                continue;
            }

            var removable = new List<ParticipantEntity>();
            foreach (var participant in programmeParticipants)
            {
                var own = checkpoints.Where(c => c.ParticipantId == participant.ParticipantId).ToList();
                if (MayRemove(programme, participant, own, followUps, today) is { } why)
                {
                    PrivacyLog.PurgeKept(logger, participant.PartitionKey, participant.ParticipantId, participant.RetentionUntil, why);
                    kept++;
                    continue;
                }

                removable.Add(participant);
            }

            // One audit row for the programme's participants, before any of them is touched; without it none is.
            if (!await AuditAsync(AuditAction.PersonalDataPurged, programmeParticipants.Key, removable.Select(p => p.ParticipantId).ToList(), "retention ended", failures, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            foreach (var participant in removable)
            {
                try
                {
                    await eraser.RemoveAsync(participant.PartitionKey, participant.ParticipantId, RemovalReason.RetentionEnded, PersonalDataEraser.RetentionActor, revokeCertificates: false, cancellationToken).ConfigureAwait(false);
                    purged++;
                }
                catch (Exception ex) when (ex is RequestFailedException or KeyNotFoundException)
                {
                    PrivacyLog.PurgeItemFailed(logger, ex, $"{participant.PartitionKey}/{participant.RowKey}");
                    failures.Add(ex);
                }
            }
        }

        return (purged, kept);
    }

    // Identity rows carry their own RetentionUntil; one whose participant row is gone (or never landed) is deleted here.
    // One whose participant is still held is left to the participants' step, which knows whether the programme runs.
    private async Task<int> PurgeOrphanIdentitiesAsync(string today, List<Exception> failures, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var due = new List<IdentityEntity>();
        await foreach (var row in store.Identities.QueryAsync<IdentityEntity>(TableClient.CreateQueryFilter($"RetentionUntil lt {today}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        var orphans = new List<IdentityEntity>();
        foreach (var identity in due)
        {
            try
            {
                var participant = await store.Programmes.GetEntityIfExistsAsync<ParticipantEntity>(identity.PartitionKey, ParticipantEntity.Prefix + identity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!participant.HasValue || participant.Value!.PersonalDataRemovedAt is not null)
                {
                    orphans.Add(identity);
                }
            }
            catch (RequestFailedException ex)
            {
                PrivacyLog.PurgeItemFailed(logger, ex, $"identity {identity.PartitionKey}/{identity.RowKey}");
                failures.Add(ex);
            }
        }

        foreach (var programme in orphans.GroupBy(i => i.PartitionKey, StringComparer.Ordinal))
        {
            if (!await AuditAsync(AuditAction.PersonalDataPurged, programme.Key, programme.Select(i => i.RowKey).ToList(), "identity rows without a participant held", failures, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            deleted += await DeleteOrphansAsync(programme, failures, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    private async Task<int> DeleteOrphansAsync(IEnumerable<IdentityEntity> orphans, List<Exception> failures, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var identity in orphans)
        {
            try
            {
                var response = await store.Identities.DeleteEntityAsync(identity.PartitionKey, identity.RowKey, identity.ETag, cancellationToken).ConfigureAwait(false);
                deleted += response.Status == 404 ? 0 : 1;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Deleted or corrected at the same moment: the next run looks again.
            }
            catch (RequestFailedException ex)
            {
                PrivacyLog.PurgeItemFailed(logger, ex, $"identity {identity.PartitionKey}/{identity.RowKey}");
                failures.Add(ex);
            }
        }

        return deleted;
    }

    private async Task<int> PurgeDocumentsAsync(DateOnly today, List<Exception> failures, CancellationToken cancellationToken)
    {
        var documents = new List<DocumentEntity>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {DocumentEntity.Prefix} and RowKey lt {"document}"}");
        await foreach (var row in store.Programmes.QueryAsync<DocumentEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PurgedAt is null && Enum.TryParse<RetentionTag>(row.Retention, out var tag) && tag != RetentionTag.Permanent)
            {
                documents.Add(row);
            }
        }

        var purged = 0;
        foreach (var group in documents.GroupBy(d => d.PartitionKey, StringComparer.Ordinal))
        {
            try
            {
                var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(group.Key, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!programme.HasValue)
                {
                    continue;
                }

                var participants = await ProgrammeQueries.ParticipantsAsync(store, group.Key, cancellationToken).ConfigureAwait(false);
                var checkpoints = await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, group.Key, FollowUpEntity.Prefix, cancellationToken).ConfigureAwait(false);
                foreach (var document in group)
                {
                    var tag = Enum.Parse<RetentionTag>(document.Retention);
                    if (KeptUntil(tag, programme.Value!, participants, checkpoints, followUps) is { } until && today > until)
                    {
                        if (await PurgeDocumentAsync(document, tag, until, cancellationToken).ConfigureAwait(false))
                        {
                            purged++;
                        }
                    }
                }
            }
            catch (RequestFailedException ex)
            {
                PrivacyLog.PurgeItemFailed(logger, ex, $"documents of {group.Key}");
                failures.Add(ex);
            }
        }

        return purged;
    }

    // The file goes first: a crash before the mark leaves a record the next run marks (deleting a missing blob is fine).
    private async Task<bool> PurgeDocumentAsync(DocumentEntity document, RetentionTag tag, DateOnly until, CancellationToken cancellationToken)
    {
        await store.Documents.DeleteBlobIfExistsAsync(document.BlobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
        document.PurgedAt = time.GetUtcNow();
        document.PurgeReason = $"Retention {tag} ended on {DateText.Of(until)}";
        try
        {
            await store.Programmes.UpdateEntityAsync(document, document.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }

        PrivacyLog.DocumentPurged(logger, document.PartitionKey, document.RowKey[DocumentEntity.Prefix.Length..], document.PurgeReason);
        return true;
    }

    // The audit row of one batch of the purge, before the batch is touched: false (the failure noted, the batch left
    // for the next run) when it cannot be written. Nothing to write for an empty batch.
    private async Task<bool> AuditAsync(AuditAction action, string programmeId, List<string> ids, string detail, List<Exception> failures, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return true;
        }

        try
        {
            await AuditLog.RecordSystemAsync(store, time, AuditLog.PurgeActor, action, programmeId, null, ids, null, detail, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex)
        {
            PrivacyLog.PurgeItemFailed(logger, ex, $"the audit row of {ids.Count} participant(s) of {programmeId}; they stay for the next run");
            failures.Add(ex);
            return false;
        }
    }

    // Sign-in links and sessions that ended hold a person's id, name and address with no use left.
    private async Task PurgeSignInsAsync(List<Exception> failures, CancellationToken cancellationToken)
    {
        try
        {
            await SignInRequests.PurgeEndedAsync(store, time, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            PrivacyLog.PurgeItemFailed(logger, ex, "sign-in links and sessions");
            failures.Add(ex);
        }
    }

    private async Task<int> PurgeSubmissionAnswersAsync(List<Exception> failures, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.NamesInAnswersKeptFor;
        try
        {
            return await PersonalDataEraser.RedactAnswersAsync(
                store,
                TableClient.CreateQueryFilter($"ReceivedAt lt {before}"),
                participantId: null,
                count => AuditLog.RecordSystemAsync(store, time, AuditLog.PurgeActor, AuditAction.KeptAnswersBlanked, null, null, [], count, $"answers received before {before:O}", cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            PrivacyLog.PurgeItemFailed(logger, ex, "stored form answers");
            failures.Add(ex);
            return 0;
        }
    }
}
