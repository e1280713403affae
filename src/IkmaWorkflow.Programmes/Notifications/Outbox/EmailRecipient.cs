using System.Net.Mail;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Someone an email goes to: a coordinator or a partner's contact.</summary>
public sealed record EmailRecipient
{
    /// <summary>Creates the recipient.</summary>
    /// <param name="address">The email address.</param>
    /// <param name="name">The display name, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not one plain email address.</exception>
    public EmailRecipient(string address, string? name = null)
    {
        var trimmed = Require.Text(address, nameof(address));
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || parsed.DisplayName.Length > 0)
        {
            throw new ArgumentException($"'{address}' is not an email address such as nama@kemenperin.go.id.", nameof(address));
        }

        Address = trimmed;
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    /// <summary>The email address.</summary>
    public string Address { get; }

    /// <summary>The display name, if any.</summary>
    public string? Name { get; }
}
