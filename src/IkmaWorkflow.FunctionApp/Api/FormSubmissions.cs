using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// Makes every form idempotent: a form sent again with the same <c>Idempotency-Key</c> (or, without one, the same
/// body) to the same route answers what the first one answered, with <c>Idempotent-Replayed: true</c>, and stores
/// nothing again; the same key with another body answers 422. The answer is kept in the submissions table, keyed by
/// the caller, the function's route with its values (so <c>/people</c>, <c>/people/</c> and <c>/PEOPLE</c> are one
/// route) and the key. A form applies once however an attempt failed (docs/security.md, "Forms applied once"):
/// its records get ids derived from the submission, and an attempt whose answer was lost is settled, not run blind.
/// </summary>
public sealed class FormSubmissions(RecordStore store, TimeProvider time, IOptions<JsonOptions> json)
{
    /// <summary>The header a client names its submission with.</summary>
    public const string HeaderName = "Idempotency-Key";

    // The states of a reservation (SubmissionEntity.State).
    private const string Pending = "Pending";
    private const string Completed = "Completed";
    private const string KeyIssued = "KeyIssued";
    private const string Refused = "Refused";
    private const string Interrupted = "Interrupted";
    private const string AppliedEarlierState = "AppliedEarlier";

    private const string AppliedEarlierName = "submission-applied-earlier";

    // The properties of a kept answer that hold a participant's name or contact, or a person's address (a person's
    // answer has "name" too, but so have tracks and organisations: the address tells a person).
    private static readonly HashSet<string> NameProperties = new(["fullName", "holderName", "contact", "email"], StringComparer.OrdinalIgnoreCase);

    // Answers kept in memory while the storage is down, at most this many (an outage under heavy traffic).
    private const int MaxUnrecorded = 10_000;

    // A reservation of another process older than this belongs to a process that died mid-submission; the next
    // arrival takes it over. One of this process is taken over at once when no request here still runs it.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    // This process's name in the reservations it holds.
    private readonly string _owner = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    // Submissions (organisation/row) that a request of this process handles now.
    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.Ordinal);

    // Answers of forms that ran to the end here while their answer could not be stored (the storage failed just
    // after the form's own writes): the next attempt stores and replays them instead of running the form again.
    private readonly ConcurrentDictionary<string, SubmissionEntity> _unrecorded = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="handle"/> once per submission of <paramref name="caller"/>, or replays its stored answer.</summary>
    public Task<IResult> SubmitAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handle) =>
        SubmitAsync(request, caller, handle, keyedByBody: true);

    /// <summary>
    /// As <see cref="SubmitAsync(HttpRequest, Caller, Func{Task{IResult}})"/>; with <paramref name="keyedByBody"/>
    /// false a request without an <c>Idempotency-Key</c> always runs (a key rotation, whose every call must act).
    /// </summary>
    public Task<IResult> SubmitAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handle, bool keyedByBody) =>
        SubmitAsync(request, caller, handle, keyedByBody, contentHash: null);

    /// <summary>
    /// As <see cref="SubmitAsync(HttpRequest, Caller, Func{Task{IResult}})"/> for a form posted from a page: its
    /// content is <paramref name="contentHash"/> (the page's fields without its idempotency key, files by their hash)
    /// rather than the body's bytes, which differ with the key and with a multipart body's boundary on every send.
    /// </summary>
    public Task<IResult> SubmitAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handle, string contentHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentHash);
        return SubmitAsync(request, caller, handle, keyedByBody: true, contentHash);
    }

    private async Task<IResult> SubmitAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handle, bool keyedByBody, string? contentHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(handle);
        var cancellationToken = request.HttpContext.RequestAborted;

        var key = request.Headers[HeaderName].ToString();
        if (key.Length > 200)
        {
            return BilingualProblem.Of(FormProblems.Invalid(HeaderName, "The idempotency key must be at most 200 characters.", "Kunci idempotensi paling banyak 200 karakter."));
        }

        if (key.Length == 0 && !keyedByBody)
        {
            return await handle().ConfigureAwait(false);
        }

        request.EnableBuffering();
        var requestHash = contentHash ?? Convert.ToHexStringLower(await SHA256.HashDataAsync(request.Body, cancellationToken).ConfigureAwait(false));
        request.Body.Position = 0;

        var shownKey = key.Length > 0 ? key : requestHash;
        var route = CanonicalRoute(request);
        var row = Hash($"{request.Method} {route} {shownKey}");
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // Claimed in this process before the reservation is read, so a Pending reservation of this process that the
        // claim finds is one no request here runs any more.
        var running = $"{caller.OrganisationId}/{row}";
        if (!_running.TryAdd(running, true))
        {
            return BilingualProblem.Of(FormProblems.SubmissionInProgress(shownKey));
        }

        try
        {
            var (reservation, rerun, answer) = await ReserveAsync(request.HttpContext, caller, row, requestHash, shownKey, cancellationToken).ConfigureAwait(false);
            if (answer is not null)
            {
                return answer;
            }

            IResult result;
            var (form, programmeId) = FormOf(request);
            using var span = Telemetry.StartSpan("form " + form, programmeId);
            span?.SetTag(Telemetry.FormTag, form);
            using (RecordId.DeriveFrom(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.OrganisationId}\n{row}\n{requestHash}\n{reservation!.Generation}"))))
            {
                try
                {
                    result = await handle().ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (rerun && IsAlreadyStored(ex))
                {
                    result = AppliedEarlier(shownKey, ex.ErrorCode);
                }
                catch (Exception ex)
                {
                    span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                    await MarkInterruptedAsync(reservation).ConfigureAwait(false);
                    throw;
                }
            }

            if (rerun && result is ProblemHttpResult { StatusCode: StatusCodes.Status409Conflict } conflict)
            {
                result = AppliedEarlier(shownKey, conflict.ProblemDetails.Type);
            }

            if (result is IStatusCodeHttpResult { StatusCode: var status })
            {
                span?.SetTag("http.response.status_code", status);
                if (status is >= 200 and < 300)
                {
                    var tags = new System.Diagnostics.TagList { { Telemetry.FormTag, form } };
                    if (programmeId is not null)
                    {
                        tags.Add(Telemetry.ProgrammeIdTag, programmeId);
                    }

                    Telemetry.FormsSubmitted.Add(1, tags);
                }
                else if (status >= 500)
                {
                    span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                }
            }

            Settle(reservation, result);
            try
            {
                await StoreSettledAsync(reservation).ConfigureAwait(false);
            }
            catch (Exception) when (reservation.State is Completed or KeyIssued or AppliedEarlierState && _unrecorded.Count < MaxUnrecorded)
            {
                _unrecorded[running] = reservation;
                throw;
            }

            return result;
        }
        finally
        {
            _running.TryRemove(running, out _);
        }
    }

    /// <summary>
    /// The route a form was sent to as its function declares it: literal segments in lower case, route values as sent
    /// (escaped), no trailing slash; the lower-cased path when the request has no route endpoint.
    /// </summary>
    public static string CanonicalRoute(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
        {
            return (request.PathBase + request.Path).Value?.TrimEnd('/').ToLowerInvariant() ?? string.Empty;
        }

        var route = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            route.Append('/');
            foreach (var part in segment.Parts)
            {
                route.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(Convert.ToString(request.RouteValues[parameter.Name], CultureInfo.InvariantCulture) ?? string.Empty),
                    _ => string.Empty,
                });
            }
        }

        return route.ToString();
    }

    // The form's name for telemetry, its method and route template ("POST programmes/{id}/participants"), and the
    // programme it is about when its route is a programme's (programmes/{id}/...).
    private static (string Form, string? ProgrammeId) FormOf(HttpRequest request)
    {
        if (request.HttpContext.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
        {
            return (request.Method, null);
        }

        var template = (pattern.RawText ?? string.Empty).Trim('/');
        template = template.StartsWith("api/", StringComparison.OrdinalIgnoreCase) ? template[4..] : template;
        var programmeId = template.StartsWith("programmes/{id}", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToString(request.RouteValues["id"], CultureInfo.InvariantCulture)
            : null;
        return ($"{request.Method} {template}", programmeId);
    }

    // The reservation to run under (and whether an earlier attempt of the same submission may have written), or the
    // answer to give instead of running.
    private async Task<(SubmissionEntity? Reservation, bool Rerun, IResult? Answer)> ReserveAsync(
        HttpContext http, Caller caller, string row, string requestHash, string shownKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reservation = new SubmissionEntity { PartitionKey = caller.OrganisationId, RowKey = row, RequestHash = requestHash, ReceivedAt = now, Owner = _owner };
        try
        {
            var added = await store.Submissions.AddEntityAsync(reservation, cancellationToken).ConfigureAwait(false);
            reservation.ETag = added.Headers.ETag ?? default;
            return (reservation, false, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }

        var existing = (await store.Submissions.GetEntityAsync<SubmissionEntity>(caller.OrganisationId, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var sameBody = existing.RequestHash == requestHash;
        if (!sameBody && existing.State != Refused)
        {
            return (null, false, BilingualProblem.Of(FormProblems.IdempotencyKeyReused(shownKey)));
        }

        var kept = existing.State == Completed ? store.PersonalData.Open(existing.Body) : null;
        switch (existing.State)
        {
            case Completed when IssuedKey(kept):
                // Stored before key answers were kept out of storage: the key goes now, and is not shown again.
                existing.State = KeyIssued;
                existing.Body = null;
                await store.Submissions.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return (null, false, KeyNotShownAgain(http, shownKey));
            case Completed:
                await RecordReplayAsync(http.Request, caller, kept, cancellationToken).ConfigureAwait(false);
                return (null, false, Replay(http, existing, kept));
            case KeyIssued:
                return (null, false, KeyNotShownAgain(http, shownKey));
            case AppliedEarlierState:
                return (null, false, ReplayAppliedEarlier(http, shownKey, existing.Body));
            case Pending when existing.Owner != _owner && now - existing.ReceivedAt < AbandonedAfter:
                return (null, false, BilingualProblem.Of(FormProblems.SubmissionInProgress(shownKey)));
        }

        if (_unrecorded.TryRemove($"{caller.OrganisationId}/{row}", out var unrecorded))
        {
            // This process ran the form to the end, but its answer could not be stored then; it is stored now.
            unrecorded.ETag = existing.ETag;
            await store.Submissions.UpdateEntityAsync(unrecorded, unrecorded.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            var answer = unrecorded.State == Completed ? store.PersonalData.Open(unrecorded.Body) : null;
            await RecordReplayAsync(http.Request, caller, answer, cancellationToken).ConfigureAwait(false);
            return (null, false, unrecorded.State switch
            {
                Completed => Replay(http, unrecorded, answer),
                KeyIssued => KeyNotShownAgain(http, shownKey),
                _ => ReplayAppliedEarlier(http, shownKey, unrecorded.Body),
            });
        }

        // Taken over: a refused attempt stored nothing and the next one gets new ids; an interrupted one (Pending or
        // Interrupted) may have stored some records, and the next one runs with the same ids so it cannot store them twice.
        var rerun = existing.State != Refused;
        existing.Generation += rerun ? 0 : 1;
        existing.State = Pending;
        existing.RequestHash = requestHash;
        existing.ReceivedAt = now;
        existing.Owner = _owner;
        existing.Status = 0;
        existing.Body = null;
        existing.Location = null;
        try
        {
            var taken = await store.Submissions.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            existing.ETag = taken.Headers.ETag ?? default;
            return (existing, rerun, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return (null, false, BilingualProblem.Of(FormProblems.SubmissionInProgress(shownKey)));
        }
    }

    // Stores the settled reservation over the one this attempt holds. A 412 can be this very update applied once
    // already: the storage client sent it again after a timeout whose answer was lost, and the retry met the new ETag.
    // The reservation as stored then says so (this process, the settled state, the same answer), and that is success.
    private async Task StoreSettledAsync(SubmissionEntity reservation)
    {
        try
        {
            await store.Submissions.UpdateEntityAsync(reservation, reservation.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            var stored = (await store.Submissions.GetEntityAsync<SubmissionEntity>(reservation.PartitionKey, reservation.RowKey, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Value;
            if (stored.Owner != reservation.Owner || stored.Generation != reservation.Generation || stored.State != reservation.State
                || stored.Status != reservation.Status || stored.Body != reservation.Body)
            {
                throw;
            }
        }
    }

    // What the reservation keeps of the answer: a JSON success in full (a new API key never); a refusal, or an answer
    // that is not JSON (a file), only as Refused, so the next attempt runs afresh.
    private void Settle(SubmissionEntity reservation, IResult result)
    {
        reservation.Status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (result is ProblemHttpResult problem && problem.ProblemDetails.Type == BilingualProblem.TypePrefix + AppliedEarlierName)
        {
            reservation.State = AppliedEarlierState;
            reservation.Body = problem.ProblemDetails.Extensions["cause"] as string;
        }
        else if (reservation.Status is < 200 or >= 300 || result is not IValueHttpResult value)
        {
            reservation.State = Refused;
        }
        else if (value.Value is OrganisationRequests.Registered)
        {
            reservation.State = KeyIssued;
        }
        else
        {
            reservation.State = Completed;
            // Sealed like every name and contact: the answer of an enrolment or a person form holds names.
            reservation.Body = store.PersonalData.Seal(JsonSerializer.Serialize(value.Value, json.Value.SerializerOptions));
            reservation.Location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
        }
    }

    // Best effort: while the storage is down this fails too, and the reservation stays Pending under this process,
    // which takes it over at the next attempt just the same.
    private async Task MarkInterruptedAsync(SubmissionEntity reservation)
    {
        reservation.State = Interrupted;
        try
        {
            await store.Submissions.UpdateEntityAsync(reservation, reservation.ETag, TableUpdateMode.Replace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException || ApiCalls.IsStorageUnavailable(ex))
        {
        }
    }

    // With the submission's derived ids, "already exists" on a rerun can only be a record of the earlier attempt.
    private static bool IsAlreadyStored(RequestFailedException ex) =>
        ex.ErrorCode == TableErrorCode.EntityAlreadyExists || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists;

    private static bool IssuedKey(string? body)
    {
        if (body is null || !body.Contains("apiKey", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().Any(p => p.NameEquals("apiKey"));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // A kept answer that names people (an enrolment's participants, a person added) is personal data read again: one
    // audit row naming the caller and the ids of those it names, before it is answered. Answers naming nobody add none.
    private Task RecordReplayAsync(HttpRequest request, Caller caller, string? body, CancellationToken cancellationToken)
    {
        var named = new List<string>();
        if (body is not null)
        {
            try
            {
                CollectNamed(JsonNode.Parse(body), named);
            }
            catch (JsonException)
            {
                // Not JSON: nothing in it is read as names.
            }
        }

        if (named.Count == 0)
        {
            return Task.CompletedTask;
        }

        var (form, programmeId) = FormOf(request);
        return AuditLog.RecordAsync(store, time, caller, AuditAction.KeptAnswerReplayed, programmeId, null, named.Distinct(StringComparer.Ordinal), form, cancellationToken);
    }

    // The ids ("participantId" or "id") of every JSON object with a name, contact or address in it.
    private static void CollectNamed(JsonNode? node, List<string> named)
    {
        switch (node)
        {
            case JsonObject item:
                if (item.Any(p => NameProperties.Contains(p.Key) && p.Value is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0))
                {
                    var id = item.FirstOrDefault(p => p.Key is "participantId" or "id").Value;
                    named.Add(id is JsonValue idValue && idValue.TryGetValue<string>(out var idText) ? idText : "?");
                }

                foreach (var child in item.Select(p => p.Value))
                {
                    CollectNamed(child, named);
                }

                break;
            case JsonArray list:
                foreach (var child in list)
                {
                    CollectNamed(child, named);
                }

                break;
        }
    }

    private static ContentHttpResult Replay(HttpContext http, SubmissionEntity answer, string? body)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(answer.Location))
        {
            http.Response.Headers.Location = answer.Location;
        }

        return TypedResults.Text(body ?? "null", "application/json", Encoding.UTF8, answer.Status);
    }

    private static ProblemHttpResult KeyNotShownAgain(HttpContext http, string shownKey)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return BilingualProblem.Create(
            StatusCodes.Status409Conflict,
            "api-key-not-shown-again",
            "API key not shown again",
            "This request issued an API key, which was shown once in its first answer and is never stored. If that answer was lost, replace the key: POST /api/organisations/{id}/api-key (the old key stops working).",
            "Kunci API tidak ditampilkan lagi",
            "Permintaan ini menerbitkan kunci API, yang hanya ditampilkan sekali pada jawaban pertamanya dan tidak pernah disimpan. Jika jawaban itu hilang, ganti kuncinya: POST /api/organisations/{id}/api-key (kunci lama tidak berlaku lagi).",
            ("idempotencyKey", shownKey));
    }

    private static ProblemHttpResult ReplayAppliedEarlier(HttpContext http, string shownKey, string? cause)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return AppliedEarlier(shownKey, cause);
    }

    private static ProblemHttpResult AppliedEarlier(string shownKey, string? cause) => BilingualProblem.Create(
        StatusCodes.Status409Conflict,
        AppliedEarlierName,
        "Applied by an earlier attempt",
        "An earlier attempt of this submission was interrupted before its answer could be kept, and running it again met the records that attempt had stored (or a conflicting change, named in cause). It was not applied a second time. Read the records to see what is stored; send the form with a new Idempotency-Key only if it is missing.",
        "Sudah diterapkan oleh percobaan sebelumnya",
        "Percobaan sebelumnya atas kiriman ini terputus sebelum jawabannya tersimpan, dan saat dijalankan ulang ditemukan data yang sudah disimpan percobaan itu (atau perubahan yang bertentangan, disebut pada cause). Kiriman tidak diterapkan untuk kedua kalinya. Baca data untuk melihat apa yang tersimpan; kirim formulir dengan Idempotency-Key baru hanya jika datanya tidak ada.",
        ("idempotencyKey", shownKey),
        ("cause", cause));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
