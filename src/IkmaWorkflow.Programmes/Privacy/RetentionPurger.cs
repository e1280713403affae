using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
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
public sealed record RetentionPurgeResult(string Today, int Participants, int OrphanIdentities, int Documents, int SubmissionAnswers);

/// <summary>
/// The daily purge behind timer function <c>RetentionPurge</c>: removes the personal data of participants whose
/// <c>RetentionUntil</c> has passed (today in WIB), deletes document files whose retention tag's period has ended
/// (keeping their records, marked purged), and deletes old stored form answers.
/// </summary>
/// <remarks>
/// Safe to re-run: every item is judged from what is stored, participants through <see cref="PersonalDataEraser"/>
/// (idempotent), documents by deleting the file before marking the record, so a crash in between leaves a record the
/// next run marks. A failing item is logged and the others go on; the run then throws, so the invocation is recorded
/// as failed and the item is tried again the next day.
/// </remarks>
public sealed class RetentionPurger(RecordStore store, PersonalDataEraser eraser, RetentionOptions options, FollowUpOptions followUps, TimeProvider time, ILogger<RetentionPurger> logger)
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

        var participants = await PurgeParticipantsAsync(todayText, failures, cancellationToken).ConfigureAwait(false);
        var orphans = await PurgeOrphanIdentitiesAsync(todayText, failures, cancellationToken).ConfigureAwait(false);
        var documents = await PurgeDocumentsAsync(today, failures, cancellationToken).ConfigureAwait(false);
        var answers = await PurgeSubmissionAnswersAsync(failures, cancellationToken).ConfigureAwait(false);

        PrivacyLog.PurgeFinished(logger, todayText, participants, orphans, documents, answers, failures.Count);
        return failures.Count == 0
            ? new RetentionPurgeResult(todayText, participants, orphans, documents, answers)
            : throw new InvalidOperationException($"{failures.Count} item(s) could not be purged; they stay for the next run.", new AggregateException(failures));
    }

    /// <summary>
    /// When a document with <paramref name="tag"/> of <paramref name="programme"/> may be purged: the day after the
    /// returned date. <see langword="null"/> means not yet known (follow-up still running) or never (<c>Permanent</c>).
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
            RetentionTag.PersonalData => FollowUpEnd(end, participants, checkpoints, followUps),
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
                end = Later(end, FollowUpCheckpoint.DueDate(day, lastMonths).AddDays(answerDays));
            }
        }

        return end;
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a >= b ? a : b;

    private async Task<int> PurgeParticipantsAsync(string today, List<Exception> failures, CancellationToken cancellationToken)
    {
        var due = new List<ParticipantEntity>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {ParticipantEntity.Prefix} and RowKey lt {"participant}"} and RetentionUntil lt {today}");
        await foreach (var row in store.Programmes.QueryAsync<ParticipantEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PersonalDataRemovedAt is null)
            {
                due.Add(row);
            }
        }

        var purged = 0;
        foreach (var participant in due)
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

        return purged;
    }

    // Identity rows carry their own RetentionUntil; one whose participant row is gone (or never landed) is deleted here.
    private async Task<int> PurgeOrphanIdentitiesAsync(string today, List<Exception> failures, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var due = new List<IdentityEntity>();
        await foreach (var row in store.Identities.QueryAsync<IdentityEntity>(TableClient.CreateQueryFilter($"RetentionUntil lt {today}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(row);
        }

        foreach (var identity in due)
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

    private async Task<int> PurgeSubmissionAnswersAsync(List<Exception> failures, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.NamesInAnswersKeptFor;
        try
        {
            return await PersonalDataEraser.RedactAnswersAsync(store, TableClient.CreateQueryFilter($"ReceivedAt lt {before}"), participantId: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            PrivacyLog.PurgeItemFailed(logger, ex, "stored form answers");
            failures.Add(ex);
            return 0;
        }
    }
}
