using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>
/// Email notifications: the outbox queue's sender, and the operator's listing of what was sent (or, without a SendGrid
/// key, written to the <c>emails</c> blob container instead).
/// </summary>
public sealed class NotificationFunctions(ApiCalls api, EmailOutbox outbox, EmailSender sender, RecordStore store, TimeProvider time, ILogger<EmailOutbox> logger)
{
    /// <summary>The queue the outbox writes one message per email to.</summary>
    public const string OutboxQueue = "email-outbox";

    /// <summary>Sends one email of the outbox (retried with back-off, then marked Failed; see docs/notifications.md).</summary>
    [Function("SendEmail")]
    public Task SendAsync([QueueTrigger(OutboxQueue, Connection = "AzureWebJobsStorage")] string message, CancellationToken cancellationToken) =>
        sender.ProcessAsync(message, cancellationToken);

    /// <summary><c>GET /api/emails</c> (operator): the outbox, newest first, a page at a time.</summary>
    [Function("ListEmails")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "emails")] HttpRequest request, CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.Emails, async () =>
            await EmailEndpoints.ListAsync(request.Query["top"].FirstOrDefault(), request.Query["continuationToken"].FirstOrDefault(), request, outbox, store, time, logger, cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /api/emails/{id}</c> (operator): one email with its status and attempts.</summary>
    [Function("GetEmail")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "emails/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.Emails, async () =>
            await EmailEndpoints.GetAsync(id, request, outbox, store, time, logger, cancellationToken).ConfigureAwait(false));
}

internal static partial class EmailLog
{

    [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "Email listing request {Method} {Path} failed: storage did not answer or refused it")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string method, string path);
}
