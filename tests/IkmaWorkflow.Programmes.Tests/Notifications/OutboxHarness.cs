using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Tests.Notifications;

/// <summary>
/// An outbox and its sender on a private Azurite with unique table, queue and container names, and a queue loop that
/// plays the <c>SendEmail</c> trigger: it receives each visible message, hands it to the sender and deletes it when the
/// sender returned, as the Functions host does.
/// </summary>
internal sealed class OutboxHarness
{
    private OutboxHarness(EmailStorageNames names, EmailOutbox outbox, EmailSender sender, QueueClient queue, TableClient table, BlobContainerClient container, CollectingLogger<EmailSender> logs)
    {
        Names = names;
        Outbox = outbox;
        Sender = sender;
        Queue = queue;
        Table = table;
        Container = container;
        Logs = logs;
    }

    public EmailStorageNames Names { get; }

    public EmailOutbox Outbox { get; }

    public EmailSender Sender { get; }

    public QueueClient Queue { get; }

    public TableClient Table { get; }

    public BlobContainerClient Container { get; }

    public CollectingLogger<EmailSender> Logs { get; }

    public static readonly IReadOnlyList<EmailRecipient> Coordinators =
    [
        new("koordinator@kemenperin.go.id", "Koordinator <Bimtek> & WUB"),
        new("mitra@ybi.example.org"),
    ];

    /// <summary>
    /// An outbox that sends through SendGrid's client at <paramref name="sendGridHost"/>, or into blobs when it is null;
    /// <paramref name="tableOptions"/> configures the outbox table's client (a policy that fails some writes); <paramref name="personalData"/>
    /// seals the emails (the development key when null).
    /// </summary>
    public static OutboxHarness Create(AzuriteInstance azurite, string? sendGridHost, EmailOutboxOptions? options = null, TimeProvider? time = null, TimeSpan? sendTimeout = null, TableClientOptions? tableOptions = null, PersonalDataCipher? personalData = null)
    {
        time ??= TimeProvider.System;
        options ??= new EmailOutboxOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1), ClaimPeriod = TimeSpan.FromSeconds(10) };
        var names = new EmailStorageNames(UniqueName.ForTable("outbox"), UniqueName.Create("email-outbox"), UniqueName.Create("emails"));


        var queues = AzuriteClients.Queues(azurite.ConnectionString);
        var blobs = AzuriteClients.Blobs(azurite.ConnectionString);
        var tables = new TableServiceClient(azurite.ConnectionString, tableOptions ?? new TableClientOptions());
        var outbox = new EmailOutbox(tables, new QueueMessageWriter(queues), time, personalData ?? PersonalDataCipher.Development, names);
        var sendGrid = new SendGridOptions { ApiKey = sendGridHost is null ? null : "SG.test-key", FromEmail = "noreply@kemenperin.go.id", FromName = "IKMA Workflow", Host = sendGridHost ?? SendGridOptions.DefaultHost, Timeout = sendTimeout ?? TimeSpan.FromSeconds(5) };
        EmailTransport transport = sendGridHost is null
            ? new BlobMailbox(blobs, sendGrid, names)
            : new SendGridTransport(SendGridTransport.CreateClient(sendGrid), sendGrid, time);
        var logs = new CollectingLogger<EmailSender>();
        var sender = new EmailSender(outbox, transport, options, time, logs);
        return new OutboxHarness(names, outbox, sender, queues.GetQueueClient(names.QueueName), tables.GetTableClient(names.TableName), blobs.GetBlobContainerClient(names.ContainerName), logs);
    }

    /// <summary>A notification with a fresh dedupe key.</summary>
    public static (ProgrammeStageChanged Notification, string DedupeKey) StageChange(string programme = "Bimtek WUB Batik Cipinang 2024") => (
        new ProgrammeStageChanged(programme, new BilingualText("Sertifikasi", "Certification"), new BilingualText("daftar peserta lulus", "list of passing participants"), new DateTimeOffset(2024, 9, 7, 3, 0, 0, TimeSpan.Zero)),
        $"programme/{Guid.NewGuid():N}/stage/certification");

    /// <summary>
    /// Runs the queue until it holds no message at all (visible or delayed): every wake-up has been handled and none
    /// is waiting. Fails after <paramref name="timeout"/>.
    /// </summary>
    /// <returns>How many messages the sender handled.</returns>
    public async Task<int> DrainAsync(TimeSpan timeout)
    {
        var handled = 0;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var messages = (await Queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value;
            if (messages.Length == 0)
            {
                if ((await Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    return handled;
                }

                if (watch.Elapsed > timeout)
                {
                    throw new TimeoutException($"The email queue still holds messages after {timeout}.");
                }

                await Task.Delay(50);
                continue;
            }

            foreach (var message in messages)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
                await Sender.ProcessAsync(text, CancellationToken.None);
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }
    }

    /// <summary>The raw row of email <paramref name="id"/>.</summary>
    public async Task<TableEntity> RowAsync(string id) => (await Table.GetEntityAsync<TableEntity>("outbox", "email-" + id)).Value;
}

/// <summary>Keeps every log entry, with its level and event id.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
