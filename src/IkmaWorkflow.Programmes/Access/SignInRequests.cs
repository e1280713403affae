using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// Signing in to the web pages with a one-time link: a person asks with the email address the app holds for them
/// (the People table), gets a link valid for <see cref="LinkLifetime"/> that works once, and using it opens a session
/// (<see cref="PersonSessions"/>).
/// </summary>
public static class SignInRequests
{
    /// <summary>How long a sign-in link works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The answer to a request for a link: the same whether or not the address is known.</summary>
    /// <param name="Email">The address as typed (trimmed).</param>
    public sealed record LinkRequested(string Email);

    /// <summary>The answer to a used link: the session opened.</summary>
    /// <param name="CookieValue">The session cookie's value; only its hash is stored.</param>
    /// <param name="Session">The session.</param>
    public sealed record SignedIn(string CookieValue, PersonSession Session);

    /// <summary>
    /// Sends a sign-in link to every person whose email is field <c>email</c> of <paramref name="body"/> (a person
    /// may act for more than one organisation: one link each), through the email outbox. The answer never says
    /// whether the address is known; only a mistyped address is refused (400).
    /// </summary>
    /// <param name="body">The form: <c>email</c>.</param>
    /// <param name="linkFor">The address of the page that takes a token.</param>
    /// <param name="store">The records.</param>
    /// <param name="outbox">The email outbox.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where sign-in events are logged.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<Outcome> RequestLinkAsync(
        FormBody body, Func<string, Uri> linkFor, RecordStore store, EmailOutbox outbox, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(linkFor);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(time);
        var form = FormReader.For(body.Data);
        var email = form.Email("email");
        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var people = await PeopleWithEmailAsync(store, email!, cancellationToken).ConfigureAwait(false);
        if (people.Count == 0)
        {
            SignInLog.UnknownAddress(logger);
        }
        else
        {
            // Their names and addresses are opened below to send the links.
            await RecordFoundAsync(store, time, people, "link requested", cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        foreach (var person in people)
        {
            var organisation = await OrganisationOfAsync(store, person.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (organisation is null)
            {
                continue;
            }

            var token = RandomToken.New();
            var hash = RandomToken.Hash(token);
            var link = new SignInLinkEntity
            {
                PartitionKey = hash,
                RowKey = SignInLinkEntity.Row,
                PersonId = person.RowKey,
                OrganisationId = person.PartitionKey,
                CreatedAt = now,
                ExpiresAt = now + LinkLifetime,
            };
            await store.SignInLinks.AddEntityAsync(link, cancellationToken).ConfigureAwait(false);
            var name = store.PersonalData.OpenText(person.SealedName);
            var notification = new SignInLinkSent(name, organisation.Name, linkFor(token), link.ExpiresAt);
            var sent = await outbox.EnqueueAsync(notification, [new EmailRecipient(store.PersonalData.OpenText(person.SealedEmail), name)], $"sign-in/{hash[..32]}", cancellationToken).ConfigureAwait(false);
            SignInLog.LinkSent(logger, person.RowKey, person.PartitionKey, sent.Id);
        }

        return new Outcome.Done(new LinkRequested(email!));
    }

    /// <summary>
    /// Uses the link of <paramref name="token"/>: marks it used (guarded by its ETag, so of two clicks at once only one
    /// signs in) and opens a session. A link unknown, used, expired, or whose person is gone gets one answer (410).
    /// </summary>
    public static async Task<Outcome> UseLinkAsync(string? token, RecordStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!RandomToken.IsWellFormed(token))
        {
            return Refused(logger, "not a token");
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await store.SignInLinks.GetEntityIfExistsAsync<SignInLinkEntity>(RandomToken.Hash(token!), SignInLinkEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return Refused(logger, "unknown token");
        }

        var link = found.Value!;
        var now = time.GetUtcNow();
        if (link.UsedAt is not null)
        {
            return Refused(logger, $"used at {link.UsedAt:O}");
        }

        if (now >= link.ExpiresAt)
        {
            return Refused(logger, $"expired at {link.ExpiresAt:O}");
        }

        link.UsedAt = now;
        try
        {
            await store.SignInLinks.UpdateEntityAsync(link, link.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return Refused(logger, "used by another request at the same moment");
        }

        var person = await store.People.GetEntityIfExistsAsync<PersonEntity>(link.OrganisationId, link.PersonId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var organisation = await OrganisationOfAsync(store, link.OrganisationId, cancellationToken).ConfigureAwait(false);
        if (!person.HasValue || organisation is null)
        {
            return Refused(logger, $"person {link.PersonId} of {link.OrganisationId} is no longer registered");
        }

        var (cookie, session) = await PersonSessions.OpenAsync(person.Value!, organisation, "link", store, time, logger, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(new SignedIn(cookie, session));
    }

    /// <summary>
    /// Deletes the sign-in links past their <see cref="LinkLifetime"/> (used or not: either way they open nothing any
    /// more) and the sessions unused for <see cref="PersonSessions.IdleTimeout"/> that were never presented again
    /// (presented, they are deleted then). Each delete is guarded by the row's ETag, so a session used meanwhile stays;
    /// a row already gone is skipped. Run by the daily retention purge.
    /// </summary>
    /// <returns>How many links and sessions were deleted.</returns>
    public static async Task<(int Links, int Sessions)> PurgeEndedAsync(RecordStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var links = await DeleteAsync(store.SignInLinks, TableClient.CreateQueryFilter($"ExpiresAt le {now}"), cancellationToken).ConfigureAwait(false);
        var sessions = await DeleteAsync(store.Sessions, TableClient.CreateQueryFilter($"LastSeenAt le {now - PersonSessions.IdleTimeout}"), cancellationToken).ConfigureAwait(false);
        SignInLog.Purged(logger, links, sessions);
        return (links, sessions);
    }

    private static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Gone already (signed out, presented after it ended), or used a moment ago: nothing to purge.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Opens a session for the person whose email is <paramref name="email"/>, as told by a sign-in the app trusts
    /// (Microsoft Entra ID through App Service authentication). 403 when no person has the address, or people of more
    /// than one organisation do (they sign in by link, which names the organisation).
    /// </summary>
    public static async Task<Outcome> SignInByIdentityAsync(string email, string via, RecordStore store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var people = await PeopleWithEmailAsync(store, email, cancellationToken).ConfigureAwait(false);
        if (people.Count != 1)
        {
            SignInLog.IdentityRefused(logger, via, people.Count);
            return people.Count == 0
                ? FormProblems.Forbidden(
                    $"use IKMA Workflow: no person with the address '{email}' is registered (a coordinator registers people)",
                    $"memakai IKMA Workflow: tidak ada orang dengan alamat '{email}' yang terdaftar (koordinator mendaftarkan orang)")
                : FormProblems.Forbidden(
                    $"be signed in this way: '{email}' acts for {people.Count} organisations; ask for a sign-in link, which names the organisation",
                    $"masuk dengan cara ini: '{email}' bertindak untuk {people.Count} organisasi; mintalah tautan masuk, yang menyebut organisasinya");
        }

        var organisation = await OrganisationOfAsync(store, people[0].PartitionKey, cancellationToken).ConfigureAwait(false);
        if (organisation is null)
        {
            return FormProblems.NotFound("organisation", "organisasi", people[0].PartitionKey);
        }

        // The session opened below holds the person's name and address.
        await RecordFoundAsync(store, time, people, via, cancellationToken).ConfigureAwait(false);

        var (cookie, session) = await PersonSessions.OpenAsync(people[0], organisation, via, store, time, logger, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(new SignedIn(cookie, session));
    }

    /// <summary>The people (of any organisation) whose email is <paramref name="email"/>, compared without case.</summary>
    public static async Task<List<PersonEntity>> PeopleWithEmailAsync(RecordStore store, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(email);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        return await OrganisationPeople.WithEmailAsync(store, email, cancellationToken).ConfigureAwait(false);
    }

    // One audit row for the people a sign-in found by their address, before their names and addresses are opened.
    private static Task RecordFoundAsync(RecordStore store, TimeProvider time, List<PersonEntity> people, string detail, CancellationToken cancellationToken) =>
        OrganisationPeople.RecordReadAsync(store, time, AuditLog.SignInActor, AuditAction.PeopleFoundByEmail, null, people, detail, cancellationToken);

    /// <summary>The organisation <paramref name="id"/>, or <see langword="null"/>.</summary>
    public static async Task<OrganisationEntity?> OrganisationOfAsync(RecordStore store, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    private static Problem Refused(ILogger logger, string reason)
    {
        SignInLog.LinkRefused(logger, reason);
        return Problem.Of(
            ProblemKind.Gone,
            "sign-in-link-not-valid",
            "Sign-in link not valid",
            $"This sign-in link no longer works: a link works once, for {LinkLifetime.TotalMinutes:0} minutes after it was sent. Ask for a new one.",
            "Tautan masuk tidak berlaku",
            $"Tautan masuk ini sudah tidak berlaku: tautan hanya dapat dipakai sekali, selama {LinkLifetime.TotalMinutes:0} menit setelah dikirim. Mintalah tautan baru.");
    }
}
