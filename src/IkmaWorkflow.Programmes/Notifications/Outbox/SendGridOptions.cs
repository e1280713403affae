namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// SendGrid settings (section <c>SendGrid</c>, in app settings <c>SendGrid__Key</c>). With <see cref="ApiKey"/> set,
/// emails go through SendGrid; without it (local use) they are written to the <c>emails</c> blob container instead.
/// </summary>
public sealed class SendGridOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SendGrid";

    /// <summary>SendGrid's default API address.</summary>
    public const string DefaultHost = "https://api.sendgrid.com";

    /// <summary>The API key (a secret; from app settings or Key Vault only). Empty: emails go to the blob container.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The sender address, a verified sender in SendGrid. Required with <see cref="ApiKey"/>.</summary>
    public string? FromEmail { get; set; }

    /// <summary>The sender's display name. Default <c>IKMA Workflow Kemenperin</c>.</summary>
    public string FromName { get; set; } = "IKMA Workflow Kemenperin";

    /// <summary>The API's base address. Default <see cref="DefaultHost"/>; tests point it at a local stub.</summary>
    public string Host { get; set; } = DefaultHost;

    /// <summary>
    /// How long one send may take, from connecting to the whole answer, before it counts as lost and is retried: 1 second
    /// to 5 minutes. Default 10 seconds: SendGrid answers a send in well under a second, and a send whose answer is lost
    /// may reach the recipients twice, so the wait is kept short (docs/notifications.md).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether an API key is set, so emails go through SendGrid.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Checks the values.</summary>
    /// <returns>The first bad key, as written in app settings, and what is wrong; null when valid.</returns>
    public (string Key, string Problem)? Validate()
    {
        if (IsConfigured && !ApiKey!.All(c => c is > ' ' and <= '~'))
        {
            return (Key(nameof(ApiKey)), "must be printable ASCII without spaces or line breaks; copy the key from SendGrid again.");
        }

        if (IsConfigured && string.IsNullOrWhiteSpace(FromEmail))
        {
            return (Key(nameof(FromEmail)), $"is required when {Key(nameof(ApiKey))} is set: the sender address, verified in SendGrid, such as noreply@kemenperin.go.id.");
        }

        if (!string.IsNullOrWhiteSpace(FromEmail) && !IsPlainAddress(FromEmail))
        {
            return (Key(nameof(FromEmail)), $"\"{FromEmail}\" is not an email address such as noreply@kemenperin.go.id.");
        }

        if (!Uri.TryCreate(Host, UriKind.Absolute, out var host) || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp) || host.PathAndQuery != "/")
        {
            return (Key(nameof(Host)), $"must be an absolute http or https address without a path, such as {DefaultHost}, not \"{Host}\".");
        }

        return Timeout < TimeSpan.FromSeconds(1) || Timeout > TimeSpan.FromMinutes(5)
            ? (Key(nameof(Timeout)), $"must be from 00:00:01 to 00:05:00, not {Timeout}.")
            : null;
    }

    private static bool IsPlainAddress(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && parsed.DisplayName.Length == 0;

    private static string Key(string property) => $"{SectionName}__{property}";
}
