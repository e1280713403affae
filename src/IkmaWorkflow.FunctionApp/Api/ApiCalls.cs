using Azure;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// What every HTTP function does around its handler, in one place: who is calling (an organisation's API key or the
/// operator key), replaying a form sent twice, and answering 503 with a problem when the records storage does not
/// answer (whatever exception the storage client ends with, <see cref="IsStorageUnavailable"/>), and the
/// <see cref="RateLimits"/>: keys not accepted per client, forms per credential, public verifications per client. The
/// same code runs under the Functions host and the standalone host, since both call the functions themselves.
/// </summary>
public sealed partial class ApiCalls(RecordStore store, OperatorKey operatorKey, FormSubmissions submissions, RateLimits limits, ILogger<ApiCalls> logger)
{
    /// <summary>A read for any authenticated caller.</summary>
    public Task<IResult> ReadAsync(HttpRequest request, Func<Caller, Task<Outcome>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        return GuardStorageAsync(request, async () =>
        {
            var (caller, refused) = await AuthenticateAsync(request).ConfigureAwait(false);
            return refused ?? Answers.Of(await handle(caller!).ConfigureAwait(false));
        });
    }

    /// <summary>A form without a body (<see cref="BodyLimit.None"/>) for any authenticated caller.</summary>
    public Task<IResult> FormAsync(HttpRequest request, Func<Caller, Task<Outcome>> handle) => FormAsync(request, BodyLimit.None, handle);

    /// <summary>
    /// A form for any authenticated caller that reads its own body: a resent form (same Idempotency-Key, or the same
    /// body) answers as the first time. No more of the body than <paramref name="limit"/> is ever read: 413 when it
    /// is longer, 400 when it was cut off.
    /// </summary>
    public Task<IResult> FormAsync(HttpRequest request, BodyLimit limit, Func<Caller, Task<Outcome>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(handle);
        return GuardStorageAsync(request, async () =>
        {
            var (authenticated, refused) = await AuthenticateAsync(request).ConfigureAwait(false);
            if ((refused ?? limits.Form(request, CredentialOf(authenticated!))) is { } notServed)
            {
                return notServed;
            }

            var caller = authenticated!;

            if (FormBodies.Limit(request, limit) is { } tooLarge)
            {
                return BilingualProblem.Of(tooLarge);
            }

            try
            {
                return await submissions.SubmitAsync(request, caller, async () => Answers.Of(await handle(caller).ConfigureAwait(false))).ConfigureAwait(false);
            }
            catch (Exception ex) when (FormBodies.ProblemOf(ex, limit) is not null)
            {
                return BilingualProblem.Of(FormBodies.ProblemOf(ex, limit)!);
            }
        });
    }

    /// <summary>
    /// A form that acts at every call and reads no body (rotating an API key): a resend is replayed only under the same
    /// Idempotency-Key, never because its (empty) body is the same.
    /// </summary>
    public Task<IResult> ActionAsync(HttpRequest request, Func<Caller, Task<Outcome>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        return GuardStorageAsync(request, async () =>
        {
            var (authenticated, refused) = await AuthenticateAsync(request).ConfigureAwait(false);
            if ((refused ?? limits.Form(request, CredentialOf(authenticated!))) is { } notServed)
            {
                return notServed;
            }

            var caller = authenticated!;

            return FormBodies.Limit(request, BodyLimit.None) is { } tooLarge
                ? BilingualProblem.Of(tooLarge)
                : await submissions.SubmitAsync(request, caller, async () => Answers.Of(await handle(caller).ConfigureAwait(false)), keyedByBody: false).ConfigureAwait(false);
        });
    }

    /// <summary>A JSON form (<see cref="BodyLimit.Json"/>), read before <paramref name="handle"/> runs; 400 when it cannot be read.</summary>
    public Task<IResult> FormAsync(HttpRequest request, Func<Caller, FormBody, Task<Outcome>> handle) => FormAsync(request, BodyLimit.Json, handle);

    /// <summary>A form of JSON or multipart within <paramref name="limit"/>, read before <paramref name="handle"/> runs; 400 when it cannot be read.</summary>
    public Task<IResult> FormAsync(HttpRequest request, BodyLimit limit, Func<Caller, FormBody, Task<Outcome>> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return FormAsync(request, limit, async caller =>
        {
            var (body, unreadable) = await FormBodies.ReadAsync(request, limit, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return unreadable ?? await handle(caller, body!).ConfigureAwait(false);
        });
    }

    /// <summary>A call anyone may make (certificate verification): the verification limit per client, and the storage guard.</summary>
    public Task<IResult> PublicAsync(HttpRequest request, Func<Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        return limits.Verify(request) is { } refused ? Task.FromResult<IResult>(refused) : GuardStorageAsync(request, handle);
    }

    /// <summary>
    /// A call for the operator alone (<paramref name="api"/> names which operator API, for the answers): 503 while no
    /// operator key is configured, 401 without the right key in the header or the <c>code</c> query parameter, 429 from
    /// a client that sent too many keys that were not accepted.
    /// </summary>
    public async Task<IResult> OperatorAsync(HttpRequest request, OperatorApi api, Func<Task<IResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(handle);
        if (!operatorKey.IsConfigured)
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, $"app setting {OperatorKey.SettingName} is not set");
            return ManagementProblems.OperatorKeyNotConfigured(api.English, api.Indonesian);
        }

        if (limits.KeysLockedOut(request) is { } lockedOut)
        {
            return lockedOut;
        }

        var (candidate, where) = request.Headers.TryGetValue(OperatorKey.HeaderName, out var header)
            ? (header.ToString(), $"the {OperatorKey.HeaderName} header")
            : request.Query.TryGetValue(OperatorKey.QueryName, out var query)
                ? (query.ToString(), $"the {OperatorKey.QueryName} query parameter")
                : (null, null);
        if (string.IsNullOrEmpty(candidate) || !operatorKey.Matches(candidate))
        {
            ManagementLog.RequestRefused(logger, request.Method, request.Path, candidate is null ? "no operator key" : $"wrong operator key in {where}");
            if (!string.IsNullOrEmpty(candidate))
            {
                limits.KeyFailed(request);
            }

            // RFC 9110 asks a 401 to name a challenge; the key is an API key, so the scheme is this app's own.
            request.HttpContext.Response.Headers.WWWAuthenticate = $"IkmaOperatorKey realm=\"{api.Realm}\"";
            return candidate is null ? ManagementProblems.OperatorKeyMissing() : ManagementProblems.OperatorKeyWrong(where!);
        }

        return await handle().ConfigureAwait(false);
    }

    // The operator key, or an organisation's API key checked against the hash stored with the organisation; or the
    // answer: 429 while the client is locked out for keys that were not accepted (checked before any key is read), 401
    // without an accepted key. A key of any other shape is refused before storage is read, so what it holds never
    // becomes a table key. Every key sent and not accepted counts against the client.
    private async Task<(Caller? Caller, IResult? Refused)> AuthenticateAsync(HttpRequest request)
    {
        if (limits.KeysLockedOut(request) is { } lockedOut)
        {
            return (null, lockedOut);
        }

        var caller = await CallerOfAsync(request).ConfigureAwait(false);
        if (caller is not null)
        {
            return (caller, null);
        }

        if (request.Headers.ContainsKey(OperatorKey.HeaderName) || request.Headers[ApiKey.HeaderName].ToString().Length > 0)
        {
            limits.KeyFailed(request);
        }

        return (null, Unauthenticated());
    }

    private async Task<Caller?> CallerOfAsync(HttpRequest request)
    {
        if (request.Headers.TryGetValue(OperatorKey.HeaderName, out var operatorValue))
        {
            return operatorKey.Matches(operatorValue.ToString()) ? Caller.Operator : null;
        }

        var key = request.Headers[ApiKey.HeaderName].ToString();
        if (ApiKey.OrganisationOf(key) is not { } organisationId)
        {
            return null;
        }

        await store.EnsureCreatedAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        var organisation = await store.Organisations.GetEntityIfExistsAsync<Programmes.Organisations.OrganisationEntity>(
            Programmes.Organisations.OrganisationEntity.Partition, organisationId, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
        return organisation.HasValue && ApiKey.Matches(key, organisation.Value!.ApiKeyHash)
            ? new Caller(organisationId, organisation.Value.KindValue)
            : null;
    }

    // The credential whose form allowance a form of the caller's takes.
    private static string CredentialOf(Caller caller) => caller.IsOperator ? "operator" : $"organisation:{caller.OrganisationId}";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthenticated() => BilingualProblem.Of(FormProblems.Unauthenticated(
        "No API key was sent, or it is not valid (mistyped or replaced).",
        "Kunci API tidak dikirim, atau tidak valid (salah ketik atau sudah diganti)."));

    /// <summary>
    /// Whether <paramref name="exception"/> says the storage did not answer (so the request is answered 503): a failed
    /// storage call with no status (the SDK wraps a refused or broken connection so), a 5xx or a 403 (a wrong account
    /// key); the same after the storage client's retries, an <see cref="AggregateException"/> of them; or the client's
    /// network timeout. Other failures (a client that stopped sending its body) are not the storage's.
    /// </summary>
    public static bool IsStorageUnavailable(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500 or 403,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsStorageUnavailable),
        // The storage client's network timeout ends in a TaskCanceledException, with or without a TimeoutException
        // inside it (and, after its retries, in an AggregateException of them). The callers only ask while the request
        // itself was not cancelled, so a cancellation here is the storage's.
        OperationCanceledException => true,
        _ => false,
    };

    private async Task<IResult> GuardStorageAsync(HttpRequest request, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (Exception ex) when (!request.HttpContext.RequestAborted.IsCancellationRequested && IsStorageUnavailable(ex))
        {
            var failed = ex as RequestFailedException ?? (ex as AggregateException)?.Flatten().InnerExceptions.OfType<RequestFailedException>().LastOrDefault();
            LogStorageFailed(logger, ex, request.Path, failed?.Status ?? 0, failed?.ErrorCode ?? ex.GetType().Name);
            return BilingualProblem.Create(
                StatusCodes.Status503ServiceUnavailable,
                "storage-unavailable",
                "Storage unavailable",
                "The records storage did not answer; try again later. A form sent again with the same Idempotency-Key is applied once, whatever this attempt reached.",
                "Penyimpanan tidak tersedia",
                "Penyimpanan data tidak menjawab; coba lagi nanti. Formulir yang dikirim ulang dengan Idempotency-Key yang sama hanya diterapkan sekali, apa pun yang dicapai percobaan ini.");
        }
        catch (PersonalDataKeyException ex)
        {
            // A configuration fault of the app, never of the request: no garbage is answered, and the log names the setting.
            LogPersonalDataKey(logger, ex, request.Path);
            return BilingualProblem.Create(
                StatusCodes.Status500InternalServerError,
                "personal-data-key",
                "Personal data cannot be read",
                "Stored names or contact details do not open with the app's personal-data key (PersonalData__EncryptionKey). Nothing was changed; the operator must set the right key.",
                "Data pribadi tidak dapat dibaca",
                "Nama atau kontak yang tersimpan tidak dapat dibuka dengan kunci data pribadi aplikasi (PersonalData__EncryptionKey). Tidak ada yang diubah; operator harus memasang kunci yang benar.");
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Personal data could not be opened on {Path}: check PersonalData__EncryptionKey and PersonalData__PreviousEncryptionKey.")]
    private static partial void LogPersonalDataKey(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Records storage failed on {Path}: status {Status}, error code {ErrorCode}.")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string path, int status, string? errorCode);
}

/// <summary>An API behind the operator key, as its answers name it.</summary>
/// <param name="Realm">The realm of the 401 challenge.</param>
/// <param name="English">Its name in English, starting a sentence.</param>
/// <param name="Indonesian">Its name in Indonesian, starting a sentence.</param>
public sealed record OperatorApi(string Realm, string English, string Indonesian)
{
    /// <summary>The durable management API.</summary>
    public static OperatorApi DurableManagement { get; } = new("durable-management", "The durable management API", "API manajemen durable");

    /// <summary>The email listing.</summary>
    public static OperatorApi Emails { get; } = new("emails", "The email listing", "Daftar email");

    /// <summary>The demo clock.</summary>
    public static OperatorApi Clock { get; } = new("clock", "The demo clock", "Jam demo");
}
