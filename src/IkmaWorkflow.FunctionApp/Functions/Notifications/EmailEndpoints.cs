using System.Globalization;
using Azure;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>The email listing's handlers: the outbox newest first, and one email with its text and HTML.</summary>
internal static class EmailEndpoints
{
    /// <summary>Emails per page when <c>top</c> is absent.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The most emails one page may hold.</summary>
    public const int MaxPageSize = 200;

    /// <summary><c>GET /api/emails?top=&amp;continuationToken=</c>: one page of the outbox, newest first.</summary>
    public static async Task<Results<Ok<EmailPage>, ProblemHttpResult>> ListAsync(
        [FromQuery] string? top,
        [FromQuery] string? continuationToken,
        HttpRequest request,
        EmailOutbox outbox,
        RecordStore store,
        TimeProvider time,
        ILogger<EmailOutbox> logger,
        CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return EmailProblems.InvalidTop(top, MaxPageSize);
        }

        if (continuationToken is not null && (continuationToken.Length is 0 or > 2048 || continuationToken.Any(char.IsControl)))
        {
            return EmailProblems.InvalidContinuationToken();
        }

        try
        {
            // The emails name their recipients and carry their text: logged before they are read.
            await AuditLog.RecordAsync(store, time, Caller.Operator, AuditAction.EmailsRead, null, null, [], "list", cancellationToken);
            var page = await outbox.ListAsync(pageSize, continuationToken, cancellationToken);
            var next = page.ContinuationToken is null
                ? null
                : $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?top={pageSize}&continuationToken={Uri.EscapeDataString(page.ContinuationToken)}";
            return TypedResults.Ok(new EmailPage([.. page.Emails.Select(EmailView.From)], page.ContinuationToken, next));
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status400BadRequest && continuationToken is not null)
        {
            return EmailProblems.InvalidContinuationToken();
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            EmailLog.StorageFailed(logger, ex, request.Method, request.Path);
            return EmailProblems.StorageUnavailable();
        }
    }

    /// <summary><c>GET /api/emails/{id}</c>: one email with its status, text and HTML.</summary>
    public static async Task<Results<Ok<EmailView>, ProblemHttpResult>> GetAsync(
        string id,
        HttpRequest request,
        EmailOutbox outbox,
        RecordStore store,
        TimeProvider time,
        ILogger<EmailOutbox> logger,
        CancellationToken cancellationToken)
    {
        try
        {
            await AuditLog.RecordAsync(store, time, Caller.Operator, AuditAction.EmailsRead, null, null, [], $"email {id}", cancellationToken);
            return await outbox.GetAsync(id, cancellationToken) is { } email
                ? TypedResults.Ok(EmailView.From(email))
                : EmailProblems.EmailNotFound(id);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            EmailLog.StorageFailed(logger, ex, request.Method, request.Path);
            return EmailProblems.StorageUnavailable();
        }
    }

    // The Azure SDK retries a failing call and then throws either the last failure or all of them together.
    private static bool IsStorageFailure(Exception ex) =>
        ex is RequestFailedException || (ex is AggregateException aggregate && aggregate.InnerExceptions.All(e => e is RequestFailedException));
}

/// <summary>One page of the email listing.</summary>
/// <param name="Emails">The emails, newest first, without text and HTML.</param>
/// <param name="ContinuationToken">Pass it as <c>continuationToken</c> for the next page; null on the last page.</param>
/// <param name="Next">The next page's address; null on the last page.</param>
public sealed record EmailPage(IReadOnlyList<EmailView> Emails, string? ContinuationToken, string? Next);

/// <summary>An email as the listing shows it; times are ISO 8601 in WIB.</summary>
/// <param name="Id">The outbox id.</param>
/// <param name="DedupeKey">The event's key.</param>
/// <param name="Kind">The notification kind.</param>
/// <param name="To">The recipients.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Status"><c>Pending</c>, <c>Sending</c>, <c>Sent</c> or <c>Failed</c>.</param>
/// <param name="Attempts">Sends started so far.</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="NextAttemptAt">When the next attempt is due, after a failed one.</param>
/// <param name="SentAt">When it was sent or written.</param>
/// <param name="LastError">Why the last attempt failed, or why the email failed.</param>
/// <param name="Delivery"><c>sendgrid</c> or <c>blob</c>, once sent.</param>
/// <param name="ProviderMessageId">SendGrid's message id.</param>
/// <param name="BlobName">The blob in the <c>emails</c> container, without a SendGrid key.</param>
/// <param name="Text">The plain-text part (only for one email).</param>
/// <param name="Html">The HTML part (only for one email).</param>
public sealed record EmailView(
    string Id,
    string DedupeKey,
    string Kind,
    IReadOnlyList<EmailRecipient> To,
    string Subject,
    string Status,
    int Attempts,
    string CreatedAt,
    string? NextAttemptAt,
    string? SentAt,
    string? LastError,
    string? Delivery,
    string? ProviderMessageId,
    string? BlobName,
    string? Text,
    string? Html)
{
    /// <summary>The view of an outbox email.</summary>
    public static EmailView From(OutboxEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new EmailView(
            email.Id,
            email.DedupeKey,
            email.Kind,
            email.Recipients,
            email.Subject,
            email.Status.ToString(),
            email.Attempts,
            Wib.Format(email.CreatedAt),
            email.NextAttemptAt is { } next ? Wib.Format(next) : null,
            email.SentAt is { } sent ? Wib.Format(sent) : null,
            email.LastError,
            email.Delivery,
            email.ProviderMessageId,
            email.BlobName,
            email.Text,
            email.Html);
    }
}
