using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>Who an organisation's notifications go to, and who has an email address (sign-in).</summary>
internal static class OrganisationPeople
{
    /// <summary>The people of <paramref name="organisationId"/> (none when it is null), in row order.</summary>
    public static async Task<List<PersonEntity>> OfAsync(RecordStore store, string? organisationId, CancellationToken cancellationToken)
    {
        var people = new List<PersonEntity>();
        if (organisationId is null)
        {
            return people;
        }

        await foreach (var person in store.People.QueryAsync<PersonEntity>(p => p.PartitionKey == organisationId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            people.Add(person);
        }

        return people;
    }

    /// <summary>The people of <paramref name="organisationId"/> with <paramref name="role"/> (names and addresses still sealed).</summary>
    public static async Task<List<PersonEntity>> WithRoleAsync(RecordStore store, string? organisationId, PersonRole role, CancellationToken cancellationToken) =>
        [.. (await OfAsync(store, organisationId, cancellationToken).ConfigureAwait(false)).Where(p => p.Role == role.ToString())];

    /// <summary>Each person as an email recipient, the name and address opened; log the email first (<see cref="RecordEmailAsync"/>).</summary>
    public static List<EmailRecipient> Recipients(RecordStore store, IEnumerable<PersonEntity> people) =>
        [.. people.Select(p => new EmailRecipient(store.PersonalData.OpenText(p.SealedEmail), store.PersonalData.OpenText(p.SealedName)))];

    /// <summary>
    /// Adds the audit row (<see cref="AuditAction.RecipientsRead"/>, <see cref="AuditLog.NotificationsActor"/>) saying
    /// that the names and addresses of <paramref name="people"/> are read to send the email <paramref name="emailKey"/>
    /// (its dedupe key in the outbox); called before they are opened. Nothing is written for nobody.
    /// </summary>
    public static Task RecordEmailAsync(RecordStore store, TimeProvider time, string? programmeId, string emailKey, IEnumerable<PersonEntity> people, CancellationToken cancellationToken) =>
        RecordReadAsync(store, time, AuditLog.NotificationsActor, AuditAction.RecipientsRead, programmeId, people, "email " + emailKey, cancellationToken);

    /// <summary>
    /// Adds the system audit row of <paramref name="actor"/> saying it reads the names and addresses of
    /// <paramref name="people"/> (<paramref name="action"/>), naming them by id and their organisation when they all
    /// belong to one; called before they are opened. Nothing is written for nobody.
    /// </summary>
    public static Task RecordReadAsync(
        RecordStore store, TimeProvider time, string actor, AuditAction action, string? programmeId, IEnumerable<PersonEntity> people, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        var list = people.ToList();
        var organisations = list.Select(p => p.PartitionKey).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0
            ? Task.CompletedTask
            : AuditLog.RecordSystemAsync(
                store, time, actor, action, programmeId, organisations.Count == 1 ? organisations[0] : null, list.Select(p => p.RowKey), null, detail, cancellationToken);
    }

    /// <summary>
    /// The people (of any organisation) whose email is <paramref name="email"/>, compared without case. Found by the
    /// email's lookup hash under the current and the previous key, so the address is in no filter; rows written before
    /// encryption (no hash) are found by opening every such row's address.
    /// </summary>
    public static async Task<List<PersonEntity>> WithEmailAsync(RecordStore store, string email, CancellationToken cancellationToken)
    {
        var people = new List<PersonEntity>();
        foreach (var hash in store.PersonalData.EmailHashes(email))
        {
            await foreach (var person in store.People.QueryAsync<PersonEntity>(TableClient.CreateQueryFilter($"EmailHash eq {hash}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!people.Exists(p => p.PartitionKey == person.PartitionKey && p.RowKey == person.RowKey))
                {
                    people.Add(person);
                }
            }
        }

        if (people.Count > 0)
        {
            return people;
        }

        // Rows from before encryption carry no hash (the People table is small: the partners' staff).
        await foreach (var person in store.People.QueryAsync<PersonEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (person.EmailHash is null && string.Equals(store.PersonalData.OpenText(person.SealedEmail).Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                people.Add(person);
            }
        }

        return people;
    }
}
