using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// Sessions of the web pages, kept server-side: the browser holds a random cookie value, the Sessions table the row
/// under its SHA-256. A session ends when the person signs out (the row is deleted) or after
/// <see cref="IdleTimeout"/> without a request (sliding: each use moves the end).
/// </summary>
public static class PersonSessions
{
    /// <summary>A working day: a session unused this long has ended.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    // Writing the row on every request would double the storage calls of a page; a minute's slack in an 8-hour
    // timeout is nothing.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>Opens a session for <paramref name="person"/> of <paramref name="organisation"/>; answers the cookie value (shown this once) and the session.</summary>
    public static async Task<(string CookieValue, PersonSession Session)> OpenAsync(
        PersonEntity person, OrganisationEntity organisation, string via, RecordStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var cookie = RandomToken.New();
        var now = time.GetUtcNow();
        var row = new SessionEntity
        {
            PartitionKey = RandomToken.Hash(cookie),
            RowKey = SessionEntity.Row,
            PersonId = person.RowKey,
            PersonName = store.PersonalData.SealText(store.PersonalData.OpenText(person.SealedName)),
            Email = store.PersonalData.SealText(store.PersonalData.OpenText(person.SealedEmail)),
            OrganisationId = organisation.RowKey,
            OrganisationName = organisation.Name,
            Kind = organisation.Kind,
            FormSecret = RandomToken.New(),
            Via = via,
            CreatedAt = now,
            LastSeenAt = now,
        };
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await store.Sessions.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        SignInLog.SignedIn(logger, person.RowKey, organisation.RowKey, via);
        return (cookie, PersonSession.Of(row, store.PersonalData));
    }

    /// <summary>
    /// The session of <paramref name="cookieValue"/>, moving its end on; <see langword="null"/> when there is none or
    /// it has ended (an ended session's row is deleted).
    /// </summary>
    public static async Task<PersonSession?> FindAsync(string? cookieValue, RecordStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!RandomToken.IsWellFormed(cookieValue))
        {
            return null;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await store.Sessions.GetEntityIfExistsAsync<SessionEntity>(RandomToken.Hash(cookieValue!), SessionEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        var now = time.GetUtcNow();
        var idle = now - row.LastSeenAt;
        if (idle >= IdleTimeout)
        {
            var idleHours = Math.Round(idle.TotalHours, 1);
            SignInLog.SessionExpired(logger, row.PersonId, idleHours);
            await DeleteAsync(store, row.PartitionKey, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (idle >= TouchEvery)
        {
            row.LastSeenAt = now;
            try
            {
                // Guarded by the ETag: a sign-out that deleted the row in between is not undone.
                await store.Sessions.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404)
            {
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 412)
            {
                // Another request of the same session moved it on at the same moment.
            }
        }

        return PersonSession.Of(row, store.PersonalData);
    }

    /// <summary>Ends the session of <paramref name="cookieValue"/> (signing out); nothing happens when there is none.</summary>
    public static async Task CloseAsync(string? cookieValue, RecordStore store, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!RandomToken.IsWellFormed(cookieValue))
        {
            return;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var key = RandomToken.Hash(cookieValue!);
        var found = await store.Sessions.GetEntityIfExistsAsync<SessionEntity>(key, SessionEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (found.HasValue)
        {
            await DeleteAsync(store, key, cancellationToken).ConfigureAwait(false);
            SignInLog.SignedOut(logger, found.Value!.PersonId, found.Value.OrganisationId);
        }
    }

    private static async Task DeleteAsync(RecordStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            await store.Sessions.DeleteEntityAsync(key, SessionEntity.Row, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
