using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// Makes every form idempotent: a form sent again with the same <c>Idempotency-Key</c> (or, without one, the same
/// body) to the same address answers what the first one answered, with <c>Idempotent-Replayed: true</c>, and stores
/// nothing again; the same key with another body answers 422. The answer is kept in the submissions table.
/// </summary>
public sealed class FormSubmissions(RecordStore store, TimeProvider time, IOptions<JsonOptions> json)
{
    /// <summary>The header a client names its submission with.</summary>
    public const string HeaderName = "Idempotency-Key";

    // A reservation older than this belongs to a process that died mid-submission; the next arrival takes it over.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="handle"/> once per submission of <paramref name="caller"/>, or replays its stored answer.</summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(handle);
        var cancellationToken = request.HttpContext.RequestAborted;

        request.EnableBuffering();
        var requestHash = Convert.ToHexStringLower(await SHA256.HashDataAsync(request.Body, cancellationToken).ConfigureAwait(false));
        request.Body.Position = 0;

        var key = request.Headers[HeaderName].ToString();
        if (key.Length > 200)
        {
            return BilingualProblem.Of(FormProblems.Invalid(HeaderName, "The idempotency key must be at most 200 characters.", "Kunci idempotensi paling banyak 200 karakter."));
        }

        var shownKey = key.Length > 0 ? key : requestHash;
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path} {shownKey}")));
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
                return BilingualProblem.Of(FormProblems.IdempotencyKeyReused(shownKey));
            }

            if (existing.State == "Completed")
            {
                return Replay(request.HttpContext, existing);
            }

            if (time.GetUtcNow() - existing.ReceivedAt < AbandonedAfter)
            {
                return BilingualProblem.Of(FormProblems.SubmissionInProgress(shownKey));
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
                return BilingualProblem.Of(FormProblems.SubmissionInProgress(shownKey));
            }
        }

        IResult result;
        try
        {
            result = await handle().ConfigureAwait(false);
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
