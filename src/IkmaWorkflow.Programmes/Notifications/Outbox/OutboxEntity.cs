using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// The outbox table's rows, all in one partition: an email row <c>email-&lt;id&gt;</c> holding the email and its state,
/// and an immutable key row <c>key-&lt;sha256(dedupe key)&gt;</c> naming the email stored for that key. The two are
/// inserted in one transaction, so a key is taken exactly when its email exists. <see cref="Recipients"/> (JSON),
/// <see cref="Subject"/>, <see cref="Text"/> and <see cref="Html"/> are stored sealed (<see cref="PersonalDataCipher"/>).
/// </summary>
internal sealed class OutboxEntity : ITableEntity
{
    public const string Partition = "outbox";
    public const string EmailPrefix = "email-";
    public const string KeyPrefix = "key-";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Id { get; set; } = string.Empty;

    public string DedupeKey { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string Recipients { get; set; } = "[]";

    public string Subject { get; set; } = string.Empty;

    public string? Text { get; set; }

    public string? Html { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string Status { get; set; } = nameof(EmailStatus.Pending);

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? Delivery { get; set; }

    public string? ProviderMessageId { get; set; }

    public string? BlobName { get; set; }

    /// <summary>The columns a listing reads: everything but the text and HTML parts.</summary>
    public static IReadOnlyList<string> SummaryColumns { get; } =
    [
        nameof(Id), nameof(DedupeKey), nameof(Kind), nameof(Recipients), nameof(Subject), nameof(CreatedAt), nameof(Status), nameof(Attempts),
        nameof(NextAttemptAt), nameof(ClaimedUntil), nameof(LastError), nameof(SentAt), nameof(Delivery), nameof(ProviderMessageId), nameof(BlobName),
    ];

    public EmailStatus State
    {
        get => Enum.Parse<EmailStatus>(Status);
        set => Status = value.ToString();
    }

    /// <summary>The hex SHA-256 of a dedupe key: fits a row key whatever characters the key holds.</summary>
    public static string Hash(string dedupeKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)));

    /// <summary>An id that sorts newest first: the ticks left until the end of time, then part of the key's hash.</summary>
    public static string NewId(DateTimeOffset createdAt, string keyHash) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + keyHash[..12];

    public static bool IsId(string text) =>
        text.Length == 32 && text[19] == '-' && text[..19].All(char.IsAsciiDigit) && text[20..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The email this row holds, its sealed columns opened with <paramref name="personalData"/> (clear ones, from before encryption, read as they are).</summary>
    public OutboxEmail ToEmail(PersonalDataCipher personalData) => new(
        Id,
        DedupeKey,
        Kind,
        JsonSerializer.Deserialize<List<EmailRecipient>>(personalData.OpenText(Recipients), JsonSerializerOptions.Web) ?? [],
        personalData.OpenText(Subject),
        personalData.Open(Text),
        personalData.Open(Html),
        CreatedAt,
        State,
        Attempts,
        NextAttemptAt,
        LastError,
        SentAt,
        Delivery,
        ProviderMessageId,
        BlobName);
}
