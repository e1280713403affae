namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>A person asked to sign in to the web pages: the one-time link, and until when it works.</summary>
public sealed record SignInLinkSent : Notification
{
    /// <summary>Creates the email.</summary>
    /// <param name="personName">Who asked.</param>
    /// <param name="organisationName">The organisation the link signs them in for.</param>
    /// <param name="link">The one-time link: an absolute http or https address.</param>
    /// <param name="expiresAt">When it stops working.</param>
    /// <exception cref="ArgumentException">A text is empty or <paramref name="link"/> is not an absolute web address.</exception>
    public SignInLinkSent(string personName, string organisationName, Uri link, DateTimeOffset expiresAt)
    {
        PersonName = Require.Text(personName, nameof(personName));
        OrganisationName = Require.Text(organisationName, nameof(organisationName));
        ArgumentNullException.ThrowIfNull(link);
        Link = link.IsAbsoluteUri && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
            ? link
            : throw new ArgumentException($"'{link}' is not an absolute http or https address.", nameof(link));
        ExpiresAt = expiresAt;
    }

    /// <summary>Who asked.</summary>
    public string PersonName { get; }

    /// <summary>The organisation the link signs in for.</summary>
    public string OrganisationName { get; }

    /// <summary>The one-time link.</summary>
    public Uri Link { get; }

    /// <summary>When the link stops working.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <inheritdoc/>
    public override string Kind => "sign-in-link";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        "Tautan masuk IKMA Workflow",
        "Your IKMA Workflow sign-in link",
        new EmailSection(
            "Tautan masuk",
            $"Halo {PersonName}, gunakan tautan di bawah untuk masuk ke IKMA Workflow sebagai {OrganisationName}.",
            [
                new("Masuk", "Buka tautan masuk", Link),
                new("Berlaku sampai", WibText.Indonesian(ExpiresAt)),
            ],
            null,
            [],
            "Tautan hanya dapat dipakai sekali. Jika Anda tidak meminta tautan ini, abaikan email ini."),
        new EmailSection(
            "Sign-in link",
            $"Hello {PersonName}, use the link below to sign in to IKMA Workflow as {OrganisationName}.",
            [
                new("Sign in", "Open the sign-in link", Link),
                new("Valid until", WibText.English(ExpiresAt)),
            ],
            null,
            [],
            "The link works once. If you did not ask for it, ignore this email."));
}
