using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// A signed-in session of the web pages (Sessions table: partition = SHA-256 of the session cookie, row
/// <c>session</c>). Deleting the row signs the person out, wherever the cookie is.
/// </summary>
public sealed class SessionEntity : RecordEntity
{
    /// <summary>The one row of a session's partition.</summary>
    public const string Row = "session";

    /// <summary>The person signed in.</summary>
    public string PersonId { get; set; } = string.Empty;

    /// <summary>The person's name, as the pages greet them; sealed (<see cref="Privacy.PersonalDataCipher"/>).</summary>
    public string PersonName { get; set; } = string.Empty;

    /// <summary>The person's email address, sealed.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>The organisation the person acts for.</summary>
    public string OrganisationId { get; set; } = string.Empty;

    /// <summary>The organisation's name.</summary>
    public string OrganisationName { get; set; } = string.Empty;

    /// <summary>The organisation's kind (an <see cref="Organisations.OrganisationKind"/> name).</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The secret the session's anti-forgery tokens are computed from, base64url.</summary>
    public string FormSecret { get; set; } = string.Empty;

    /// <summary>How the person signed in: <c>link</c> or <c>entra</c>.</summary>
    public string Via { get; set; } = string.Empty;

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the session was last used (updated at most once a minute); it ends after <see cref="PersonSessions.IdleTimeout"/> without use.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
}
