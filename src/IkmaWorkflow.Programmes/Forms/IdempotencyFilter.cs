using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// Makes a form idempotent. The key is the <c>Idempotency-Key</c> header or, without one, the body's SHA-256, so a
/// resent identical submission is recognised either way. The first arrival reserves the key (an insert that fails
/// for the second), runs the form, and keeps a successful answer; a repeat gets that answer again with
/// <c>Idempotent-Replayed: true</c>. A refused submission keeps nothing, so it can be corrected and sent again.
/// </summary>
internal sealed class IdempotencyFilter(RecordStore store, TimeProvider time, IOptions<JsonOptions> json) : IEndpointFilter
{
    /// <summary>The request header carrying the caller's key.</summary>
    public const string HeaderName = "Idempotency-Key";

    // A reservation older than this belongs to a process that died mid-submission; the next arrival takes it over.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = (await Caller.BindAsync(http).ConfigureAwait(false))!;
        var cancellationToken = http.RequestAborted;

        http.Request.EnableBuffering();
        var requestHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(http.Request.Body, cancellationToken).ConfigureAwait(false));
        http.Request.Body.Position = 0;

        var key = http.Request.Headers[HeaderName].ToString();
        if (key.Length > 200)
        {
            return FormProblems.Invalid(HeaderName, "The idempotency key must be at most 200 characters.", "Kunci idempotensi paling banyak 200 karakter.");
        }

        var shownKey = key.Length > 0 ? key : requestHash;
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path} {shownKey}")));
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var reservation = new SubmissionEntity { PartitionKey = caller.OrganisationId, RowKey = row, RequestHash = requestHash, ReceivedAt = time.GetUtcNow() };
        try
        {
            var added = await store.Submissions.AddEntityAsync(reservation, cancellationToken).ConfigureAwait(false);
            reservation.ETag = added.Headers.ETag ?? default;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await store.Submissions.GetEntityAsync<SubmissionEntity>(caller.OrganisationId, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (existing.RequestHash != requestHash)
            {
                return FormProblems.IdempotencyKeyReused(shownKey);
            }

            if (existing.State == "Completed")
            {
                return Replay(http, existing);
            }

            if (time.GetUtcNow() - existing.ReceivedAt < AbandonedAfter)
            {
                return FormProblems.SubmissionInProgress(shownKey);
            }

            // Take the abandoned reservation over; if another arrival did so first, its ETag wins and this one waits.
            existing.ReceivedAt = time.GetUtcNow();
            try
            {
                var taken = await store.Submissions.UpdateEntityAsync(existing, existing.ETag, cancellationToken: cancellationToken).ConfigureAwait(false);
                existing.ETag = taken.Headers.ETag ?? default;
                reservation = existing;
            }
            catch (RequestFailedException taken) when (taken.Status == 412)
            {
                return FormProblems.SubmissionInProgress(shownKey);
            }
        }

        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(reservation).ConfigureAwait(false);
            throw;
        }

        if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success and IValueHttpResult value)
        {
            reservation.State = "Completed";
            reservation.Status = success.StatusCode.Value;
            reservation.Body = JsonSerializer.Serialize(value.Value, json.Value.SerializerOptions);
            reservation.Location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
            await store.Submissions.UpdateEntityAsync(reservation, reservation.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await ReleaseAsync(reservation).ConfigureAwait(false);
        }

        return result;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Replay(HttpContext http, SubmissionEntity answer)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(answer.Location))
        {
            http.Response.Headers.Location = answer.Location;
        }

        return TypedResults.Text(answer.Body ?? "null", "application/json", Encoding.UTF8, answer.Status);
    }

    private Task<Response> ReleaseAsync(SubmissionEntity reservation) =>
        store.Submissions.DeleteEntityAsync(reservation.PartitionKey, reservation.RowKey, reservation.ETag, CancellationToken.None);
}
