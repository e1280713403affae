using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Seals again, with the current key, every name and contact that is held in clear (written before encryption) or
/// under the previous key (before a rotation), in the tables, the email outbox and the certificate PDFs, and gives
/// people's rows the email hash of the current key. Run by the nightly purge; once it finds nothing left, the previous
/// key can be removed (docs/personal-data.md, "Key rotation").
/// </summary>
public static class PersonalDataResealer
{
    // The state of a stored answer kept whole (FormSubmissions); the other states keep no answer that names anyone.
    private const string CompletedAnswer = "Completed";

    /// <summary>
    /// Reseals the Identities, People, Sessions, stored answers (Submissions), the email outbox's rows and the
    /// certificate PDFs that need it; answers how many rows and files were rewritten.
    /// </summary>
    /// <remarks>
    /// The rows and files to rewrite are found first; one audit row (<see cref="AuditAction.PersonalDataResealed"/>,
    /// <see cref="AuditLog.ResealActor"/>) then counts them per table, before any is written (when it cannot be written,
    /// nothing is). Each row or file is replaced under the ETag it was read with; one changed meanwhile is left for the
    /// next run.
    /// </remarks>
    public static async Task<int> RunAsync(RecordStore store, EmailOutbox outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(time);
        var cipher = store.PersonalData;
        var identities = new List<IdentityEntity>();
        await foreach (var identity in store.Identities.QueryAsync<IdentityEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (NeedsSealing(cipher, identity.SealedFullName) || NeedsSealing(cipher, identity.SealedContact))
            {
                identities.Add(identity);
            }
        }

        var people = new List<PersonEntity>();
        await foreach (var person in store.People.QueryAsync<PersonEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // A row sealed with the current key got its hash under the current key in the same write.
            if (NeedsSealing(cipher, person.SealedName) || NeedsSealing(cipher, person.SealedEmail) || person.EmailHash is null)
            {
                people.Add(person);
            }
        }

        var sessions = new List<SessionEntity>();
        await foreach (var session in store.Sessions.QueryAsync<SessionEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (NeedsSealing(cipher, session.PersonName) || NeedsSealing(cipher, session.Email))
            {
                sessions.Add(session);
            }
        }

        // The stored answers of forms (replayed to a resend): an enrolment's or a person's answer holds names.
        var answers = new List<SubmissionEntity>();
        await foreach (var answer in store.Submissions.QueryAsync<SubmissionEntity>(a => a.State == CompletedAnswer, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (NeedsSealing(cipher, answer.Body))
            {
                answers.Add(answer);
            }
        }

        // The email outbox (recipients' names and addresses, the emails' text) and the certificate PDFs (the holder's name).
        var emails = await outbox.RowsToResealAsync(cancellationToken).ConfigureAwait(false);
        var files = await CertificateFile.FilesToResealAsync(store, cancellationToken).ConfigureAwait(false);

        var total = identities.Count + people.Count + sessions.Count + answers.Count + emails.Count + files.Count;
        if (total == 0)
        {
            return 0;
        }

        await AuditLog.RecordSystemAsync(
            store, time, AuditLog.ResealActor, AuditAction.PersonalDataResealed, null, null, [], total,
            $"Identities {identities.Count}, People {people.Count}, Sessions {sessions.Count}, Submissions {answers.Count}, EmailOutbox {emails.Count}, certificate PDFs {files.Count}; key {cipher.KeyId}", cancellationToken).ConfigureAwait(false);

        var rewritten = 0;
        foreach (var identity in identities)
        {
            identity.SealedFullName = cipher.SealText(cipher.OpenText(identity.SealedFullName));
            identity.SealedContact = cipher.Seal(cipher.Open(identity.SealedContact));
            rewritten += await ReplaceAsync(store.Identities, identity, cancellationToken).ConfigureAwait(false);
        }

        foreach (var person in people)
        {
            var email = cipher.OpenText(person.SealedEmail);
            person.SealedName = cipher.SealText(cipher.OpenText(person.SealedName));
            person.SealedEmail = cipher.SealText(email);
            person.EmailHash = cipher.EmailHash(email);
            rewritten += await ReplaceAsync(store.People, person, cancellationToken).ConfigureAwait(false);
        }

        foreach (var session in sessions)
        {
            session.PersonName = cipher.SealText(cipher.OpenText(session.PersonName));
            session.Email = cipher.SealText(cipher.OpenText(session.Email));
            rewritten += await ReplaceAsync(store.Sessions, session, cancellationToken).ConfigureAwait(false);
        }

        foreach (var answer in answers)
        {
            answer.Body = cipher.Seal(cipher.Open(answer.Body));
            rewritten += await ReplaceAsync(store.Submissions, answer, cancellationToken).ConfigureAwait(false);
        }

        rewritten += await outbox.ResealAsync(emails, cancellationToken).ConfigureAwait(false);
        rewritten += await CertificateFile.ResealAsync(store, files, cancellationToken).ConfigureAwait(false);
        return rewritten;
    }

    private static bool NeedsSealing(PersonalDataCipher cipher, string? stored) => !string.IsNullOrEmpty(stored) && !cipher.IsSealedWithCurrentKey(stored);

    private static async Task<int> ReplaceAsync<T>(TableClient table, T row, CancellationToken cancellationToken)
        where T : RecordEntity
    {
        try
        {
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return 0;
        }
    }
}
