using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// The app's rate limits (<see cref="RateLimitsOptions"/>): fixed windows per client address or per credential, kept in
/// this process (an instance of the app counts only what it serves), on the app's clock. A refused request gets 429
/// with <c>Retry-After</c>, the seconds until its window ends, and a bilingual problem naming the limit; each refusal is
/// logged and counted (<see cref="RateLimitsMeter"/>).
/// </summary>
public sealed partial class RateLimits
{
    /// <summary>The name of the limit on certificate verifications per client.</summary>
    public const string VerifyName = "verify";

    /// <summary>The name of the limit on keys not accepted per client.</summary>
    public const string FailedKeysName = "failed-keys";

    /// <summary>The name of the limit on forms per credential.</summary>
    public const string FormsName = "forms";

    /// <summary>The name of the limit on sign-in links per email address.</summary>
    public const string SignInAddressName = "sign-in-address";

    /// <summary>The name of the limit on sign-in links per client.</summary>
    public const string SignInClientName = "sign-in-client";

    private const string ForwardedForHeader = "X-Forwarded-For";

    // What ASP.NET Core's forwarded-headers middleware (which the Functions worker runs) keeps of the header it consumed.
    private const string OriginalForHeader = "X-Original-For";

    private readonly RateLimitsOptions _options;
    private readonly RateLimitsMeter _meter;
    private readonly ILogger<RateLimits> _logger;
    private readonly Windows _verify;
    private readonly Windows _failedKeys;
    private readonly Windows _forms;
    private readonly Windows _signInAddress;
    private readonly Windows _signInClient;

    /// <summary>Creates the limits of <paramref name="options"/>.</summary>
    public RateLimits(RateLimitsOptions options, RateLimitsMeter meter, TimeProvider time, ILogger<RateLimits> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _meter = meter;
        _logger = logger;
        _verify = new(options.Verify, time);
        _failedKeys = new(options.FailedKeys, time);
        _forms = new(options.Forms, time);
        _signInAddress = new(options.SignInPerAddress, time);
        _signInClient = new(options.SignInPerClient, time);
    }

    /// <summary>
    /// The client of <paramref name="request"/> as the limits count it: the connection's address, or behind a trusted
    /// proxy (<see cref="RateLimitsOptions.TrustForwardedFor"/>) the last entry of <c>X-Forwarded-For</c>, the one the
    /// proxy wrote (earlier entries are what the client sent, and could be anything). An IPv6 address counts by its
    /// /64 network, which one subscriber usually holds whole.
    /// </summary>
    public string ClientOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var address = request.HttpContext.Connection.RemoteIpAddress;
        if (_options.TrustForwardedFor && ForwardedAddress(request) is { } forwarded)
        {
            address = forwarded;
        }

        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    /// <summary>Takes one certificate verification of the client's allowance; the 429 answer when it is used up.</summary>
    public ProblemHttpResult? Verify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = ClientOf(request);
        return _verify.Take(client, 1) is not { } retryAfter ? null : Refuse(request, VerifyName, client, _options.Verify, retryAfter, limit => (
            $"More than {limit.Permits} certificate verifications in {Span(limit.Window).English} came from your address.",
            $"Lebih dari {limit.Permits} verifikasi sertifikat dalam {Span(limit.Window).Indonesian} datang dari alamat Anda."));
    }

    /// <summary>
    /// Before any key is read: the 429 answer when the client has sent too many keys that were not accepted (a right
    /// key is refused too until the window has passed); takes nothing of the allowance.
    /// </summary>
    public ProblemHttpResult? KeysLockedOut(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = ClientOf(request);
        return _failedKeys.Take(client, 0) is not { } retryAfter ? null : Refuse(request, FailedKeysName, client, _options.FailedKeys, retryAfter, limit => (
            $"More than {limit.Permits} requests in {Span(limit.Window).English} came from your address with an API key or operator key that was not accepted, so requests with a key from it are refused for now, even with the right key.",
            $"Lebih dari {limit.Permits} permintaan dalam {Span(limit.Window).Indonesian} datang dari alamat Anda dengan kunci API atau kunci operator yang ditolak, sehingga permintaan dengan kunci dari alamat itu ditolak untuk sementara, kunci yang benar pun."));
    }

    /// <summary>Counts a key of the client's that was not accepted.</summary>
    public void KeyFailed(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _failedKeys.Take(ClientOf(request), 1);
    }

    /// <summary>Takes one form of <paramref name="credential"/>'s allowance; the 429 answer when it is used up.</summary>
    /// <param name="request">The form's request.</param>
    /// <param name="credential">Who sends it: <c>organisation:{id}</c>, <c>operator</c>, <c>person:{organisation}/{id}</c>.</param>
    public ProblemHttpResult? Form(HttpRequest request, string credential)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credential);
        return _forms.Take(credential, 1) is not { } retryAfter ? null : Refuse(request, FormsName, credential, _options.Forms, retryAfter, limit => (
            $"More than {limit.Permits} forms in {Span(limit.Window).English} were sent with this credential. Nothing of this form was stored; a form sent again later with the same Idempotency-Key is applied once.",
            $"Lebih dari {limit.Permits} formulir dalam {Span(limit.Window).Indonesian} dikirim dengan kredensial ini. Formulir ini tidak disimpan sama sekali; formulir yang dikirim ulang nanti dengan Idempotency-Key yang sama hanya diterapkan sekali."));
    }

    /// <summary>
    /// Takes one sign-in link request of the client's allowance and then of <paramref name="email"/>'s (compared
    /// without case and surrounding spaces); the 429 answer when either is used up.
    /// </summary>
    public ProblemHttpResult? SignInLink(HttpRequest request, string email)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(email);
        var client = ClientOf(request);
        if (_signInClient.Take(client, 1) is { } clientRetry)
        {
            return Refuse(request, SignInClientName, client, _options.SignInPerClient, clientRetry, limit => (
                $"More than {limit.Permits} sign-in links in {Span(limit.Window).English} were asked for from your address.",
                $"Lebih dari {limit.Permits} tautan masuk dalam {Span(limit.Window).Indonesian} diminta dari alamat Anda."));
        }

        // The address itself is personal data: the log names the client, not the address.
        return _signInAddress.Take(email.Trim().ToUpperInvariant(), 1) is not { } addressRetry ? null : Refuse(request, SignInAddressName, client, _options.SignInPerAddress, addressRetry, limit => (
            $"More than {limit.Permits} sign-in links in {Span(limit.Window).English} were asked for this email address. The links already sent still work for 15 minutes each: look for the newest one, also in the spam folder.",
            $"Lebih dari {limit.Permits} tautan masuk dalam {Span(limit.Window).Indonesian} diminta untuk alamat email ini. Tautan yang sudah dikirim tetap berlaku 15 menit masing-masing: carilah yang terbaru, juga di folder spam."));
    }

    private ProblemHttpResult Refuse(
        HttpRequest request, string name, string partition, RateLimitsOptions.Limit limit, TimeSpan retryAfter, Func<RateLimitsOptions.Limit, (string English, string Indonesian)> sentences)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        (string method, string path) = (request.Method, request.Path);
        LogRefused(_logger, name, method, path, partition, seconds);
        _meter.Refused(name);
        var (english, indonesian) = sentences(limit);
        return BilingualProblem.Create(
            StatusCodes.Status429TooManyRequests,
            "rate-limited",
            "Too many requests",
            $"{english} Try again in {seconds} seconds.",
            "Terlalu banyak permintaan",
            $"{indonesian} Coba lagi dalam {seconds} detik.",
            ("limit", name),
            ("retryAfterSeconds", seconds));
    }

    private static IPAddress? ForwardedAddress(HttpRequest request)
    {
        var header = request.Headers.TryGetValue(OriginalForHeader, out var original) && original.Count > 0 ? original : request.Headers[ForwardedForHeader];
        var last = header.Count == 0 ? null : header[^1]?.Split(',')[^1].Trim();
        if (string.IsNullOrEmpty(last))
        {
            return null;
        }

        // App Service writes "address:port" ("[address]:port" for IPv6); a proxy may write the address alone.
        return IPAddress.TryParse(last, out var address) ? address
            : IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address
            : null;
    }

    private static (string English, string Indonesian) Span(TimeSpan window) => window switch
    {
        { TotalMinutes: 1 } => ("a minute", "satu menit"),
        { TotalHours: 1 } => ("an hour", "satu jam"),
        { Seconds: 0, Milliseconds: 0, TotalMinutes: < 60 } => ($"{window.TotalMinutes:0} minutes", $"{window.TotalMinutes:0} menit"),
        { Minutes: 0, Seconds: 0, Milliseconds: 0 } => ($"{window.TotalHours:0} hours", $"{window.TotalHours:0} jam"),
        _ => ($"{window.TotalSeconds:0} seconds", $"{window.TotalSeconds:0} detik"),
    };

    /// <summary>
    /// Fixed windows per partition key: a key's window starts with its first request and lasts the limit's window;
    /// within it at most the limit's permits are granted. <see cref="Take"/> answers how long until the window ends when
    /// it refuses, which is when a permit is really available again. (.NET 10's <c>FixedWindowRateLimiter</c> reports
    /// the whole window as <c>MetadataName.RetryAfter</c>, whatever is left of it, so the app keeps its own windows.)
    /// Ended windows are dropped once per window length, so the keys held are those of the last two windows at most.
    /// </summary>
    private sealed class Windows(RateLimitsOptions.Limit limit, TimeProvider time)
    {
        private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();
        private DateTimeOffset _swept = DateTimeOffset.MinValue;

        /// <summary>
        /// Takes <paramref name="permits"/> of <paramref name="key"/>'s window (0: only checks that one is left): null when
        /// granted, else the time until the window ends.
        /// </summary>
        public TimeSpan? Take(string key, int permits)
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                if (now - _swept >= limit.Window || now < _swept)
                {
                    foreach (var ended in _windows.Where(w => !Runs(w.Value.Start, now)).Select(w => w.Key).ToList())
                    {
                        _windows.Remove(ended);
                    }

                    _swept = now;
                }

                var window = _windows.TryGetValue(key, out var held) && Runs(held.Start, now) ? held : (Start: now, Count: 0);
                if (window.Count + Math.Max(permits, 1) > limit.Permits)
                {
                    return window.Start + limit.Window - now;
                }

                if (permits > 0)
                {
                    _windows[key] = (window.Start, window.Count + permits);
                }

                return null;
            }
        }

        // Whether the window that started at start still runs (a clock set back starts a new one).
        private bool Runs(DateTimeOffset start, DateTimeOffset now) => now >= start && now - start < limit.Window;
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Rate limit {Limit} refused {Method} {Path} for {Partition}: 429, retry after {RetryAfterSeconds} s")]
    private static partial void LogRefused(ILogger logger, string limit, string method, string path, string partition, int retryAfterSeconds);
}
