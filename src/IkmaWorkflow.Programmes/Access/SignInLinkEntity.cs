using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// A one-time sign-in link (SignInLinks table: partition = SHA-256 of the link's token, row <c>link</c>). The token
/// itself is only in the email.
/// </summary>
public sealed class SignInLinkEntity : RecordEntity
{
    /// <summary>The one row of a link's partition.</summary>
    public const string Row = "link";

    /// <summary>The person it signs in.</summary>
    public string PersonId { get; set; } = string.Empty;

    /// <summary>The person's organisation (the People table's partition).</summary>
    public string OrganisationId { get; set; } = string.Empty;

    /// <summary>When it was sent.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it stops working.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was used; a used link never works again.</summary>
    public DateTimeOffset? UsedAt { get; set; }
}
