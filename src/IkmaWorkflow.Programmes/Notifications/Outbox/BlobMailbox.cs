using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Delivers emails into a blob container instead of sending them, for local use without a SendGrid key: one JSON
/// file per email, named by its enqueue time (UTC) and dedupe key, such as
/// <c>20240907T030000123Z-programme_42_stage_certification-3f2a9c1b7d4e.json</c>. Writing is idempotent: a repeated
/// attempt overwrites the same blob with the same content.
/// </summary>
public sealed class BlobMailbox : EmailTransport
{
    private readonly BlobContainerClient _container;
    private readonly string? _from;
    private volatile bool _containerReady;

    /// <summary>Creates the mailbox in <see cref="EmailStorageNames.ContainerName"/>.</summary>
    /// <param name="blobs">The blob service.</param>
    /// <param name="options">SendGrid settings: the sender, if set, is recorded in each file.</param>
    /// <param name="names">The container; <see cref="EmailStorageNames.Default"/> when null.</param>
    public BlobMailbox(BlobServiceClient blobs, SendGridOptions options, EmailStorageNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _container = blobs.GetBlobContainerClient((names ?? EmailStorageNames.Default).ContainerName);
        _from = string.IsNullOrWhiteSpace(options.FromEmail) ? null : options.FromEmail;
    }

    /// <inheritdoc/>
    public override string Name => "blob";

    /// <summary>The blob name of an email: enqueue time, the dedupe key made safe for a name, and the id's hash part.</summary>
    public static string BlobName(OutboxEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var key = new StringBuilder(Math.Min(email.DedupeKey.Length, 200));
        foreach (var c in email.DedupeKey.Take(200))
        {
            key.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        }

        return string.Create(CultureInfo.InvariantCulture, $"{email.CreatedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{key}-{email.Id[20..]}.json");
    }

    /// <inheritdoc/>
    public override async Task<DeliveryResult> DeliverAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!_containerReady)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _containerReady = true;
        }

        var name = BlobName(email);
        var file = new MailboxFile(email.Id, email.DedupeKey, email.Kind, _from, email.Recipients, email.Subject, email.Text, email.Html, email.CreatedAt);
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(file, JsonSerializerOptions.Web));
        await _container.GetBlobClient(name).UploadAsync(
            content,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellationToken);
        return DeliveryResult.Delivered(name);
    }

    /// <summary>What a mailbox file holds.</summary>
    private sealed record MailboxFile(
        string Id,
        string DedupeKey,
        string Kind,
        string? From,
        IReadOnlyList<EmailRecipient> To,
        string Subject,
        string? Text,
        string? Html,
        DateTimeOffset CreatedAt);
}
