using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace IkmaWorkflow.Testing;

/// <summary>
/// A stand-in for SendGrid's v3 API on a free loopback port, for the real SendGrid client to talk to: it records every
/// request and answers <c>POST /v3/mail/send</c> with the responses scripted for the email's dedupe key by
/// <see cref="EnqueueFor"/>, else with those queued by <see cref="Enqueue"/>, then with 202.
/// </summary>
public sealed class SendGridStub : IAsyncDisposable
{
    private const int MaxStartAttempts = 4;

    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<StubResponse> _responses = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubResponse>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _messageIds;

    private SendGridStub(HttpListener listener, int port)
    {
        _listener = listener;
        Host = $"http://127.0.0.1:{port}";
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base address to give the client as its host, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Host { get; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    /// <summary>Starts the stub on a free port.</summary>
    public static SendGridStub Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new SendGridStub(listener, port);
            }
            catch (HttpListenerException) when (attempt < MaxStartAttempts)
            {
                // Another process took the port between picking and binding.
                listener.Close();
            }
        }
    }

    /// <summary>Queues answers for the next requests, in order; once they are used up every request gets 202.</summary>
    public void Enqueue(params StubResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }
    }

    /// <summary>
    /// Scripts the answers to the sends of one email, in order, whatever other emails are sent meanwhile: the requests
    /// whose custom argument <c>ikma_dedupe_key</c> is <paramref name="dedupeKey"/>. Once they are used up, that email's
    /// requests are answered like any other.
    /// </summary>
    public void EnqueueFor(string dedupeKey, params StubResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(dedupeKey);
        ArgumentNullException.ThrowIfNull(responses);
        var script = _scripts.GetOrAdd(dedupeKey, _ => new ConcurrentQueue<StubResponse>());
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived, failing after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<StubRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (_requests.Count < count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The SendGrid stub received {_requests.Count} requests within {timeout}, not {count}.");
            }

            await Task.Delay(25);
        }

        return Requests;
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static string? DedupeKeyOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("custom_args", out var args) && args.ValueKind == JsonValueKind.Object
                && args.TryGetProperty("ikma_dedupe_key", out var key) && key.ValueKind == JsonValueKind.String
                ? key.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var isSend = context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v3/mail/send";
        var answer = !isSend ? new StubResponse(404, """{"errors":[{"message":"not found"}]}""")
            : DedupeKeyOf(body) is { } key && _scripts.TryGetValue(key, out var script) && script.TryDequeue(out var scripted) ? scripted
            : _responses.TryDequeue(out var queued) ? queued
            : StubResponse.Accepted();
        _requests.Enqueue(new StubRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? string.Empty, headers, body, _clock.Elapsed) { AnsweredStatus = answer.Status });
        try
        {
            if (answer.Delay > TimeSpan.Zero)
            {
                await Task.Delay(answer.Delay, _stopping.Token);
            }

            context.Response.StatusCode = answer.Status;
            if (answer.Status == 202)
            {
                context.Response.Headers["X-Message-Id"] = "stub-" + Interlocked.Increment(ref _messageIds).ToString(CultureInfo.InvariantCulture);
            }

            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body ?? string.Empty);
            if (bytes.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes, _stopping.Token);
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // Stopping, or the client went away (it timed out): nothing to answer.
        }
    }
}

/// <summary>A request the stub received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/v3/mail/send</c>.</param>
/// <param name="Headers">The headers.</param>
/// <param name="Body">The body text.</param>
/// <param name="ReceivedAt">When it arrived, from the stub's start.</param>
public sealed record StubRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, TimeSpan ReceivedAt)
{
    /// <summary>The status the stub answered (or was about to answer, for a request still delayed).</summary>
    public int AnsweredStatus { get; init; }

    /// <summary>The email's dedupe key (custom argument <c>ikma_dedupe_key</c>), if the body carries one.</summary>
    public string? DedupeKey => Json().TryGetProperty("custom_args", out var args) && args.TryGetProperty("ikma_dedupe_key", out var key) ? key.GetString() : null;

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}

/// <summary>An answer of the stub.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The JSON body, or null.</param>
/// <param name="Headers">Extra headers, such as <c>Retry-After</c>.</param>
public sealed record StubResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>202 Accepted, as SendGrid answers a good send (with an <c>X-Message-Id</c>).</summary>
    public static StubResponse Accepted() => new(202);

    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    public static StubResponse TooManyRequests(int retryAfterSeconds) => new(
        429,
        """{"errors":[{"field":null,"message":"too many requests"}]}""",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    /// <summary>500 with SendGrid's error shape.</summary>
    public static StubResponse ServerError() => new(500, """{"errors":[{"field":null,"message":"internal error"}]}""");
}
