using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>Who an organisation's notifications go to.</summary>
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

    /// <summary>The people of <paramref name="organisationId"/> with <paramref name="role"/>, as email recipients.</summary>
    public static async Task<List<EmailRecipient>> WithRoleAsync(RecordStore store, string? organisationId, PersonRole role, CancellationToken cancellationToken) =>
        [.. Recipients((await OfAsync(store, organisationId, cancellationToken).ConfigureAwait(false)).Where(p => p.Role == role.ToString()))];

    /// <summary>Each person as an email recipient.</summary>
    public static IEnumerable<EmailRecipient> Recipients(IEnumerable<PersonEntity> people) => people.Select(p => new EmailRecipient(p.Email, p.Name));
}
