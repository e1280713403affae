using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.DemoData;

/// <summary>
/// The demo's connection to the app: an HTTP client for the operator and one per organisation (with the API key the
/// app answered), forms sent with stable <c>Idempotency-Key</c> headers, and the progress log.
/// </summary>
/// <remarks>
/// Every form carries a key derived from the case and the step (<c>ikma-demo:cipinang-2024:plan</c>), so a second run
/// against the same app gets the first answers back (<c>Idempotent-Replayed: true</c>) and stores nothing twice.
/// </remarks>
public sealed class DemoSession : IDisposable
{
    /// <summary>The operator key's header.</summary>
    public const string OperatorKeyHeader = "x-ikma-operator-key";

    /// <summary>An organisation's API key header.</summary>
    public const string ApiKeyHeader = "x-ikma-api-key";

    private readonly HttpClientHandler _handler = new();
    private readonly Dictionary<string, HttpClient> _organisations = new(StringComparer.Ordinal);

    /// <summary>Connects to the app at <paramref name="baseAddress"/> as the operator.</summary>
    public DemoSession(Uri baseAddress, string operatorKey, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        Log = log;
        Operator = NewClient(OperatorKeyHeader, operatorKey);
        Clock = new DemoClockClient(this);
    }

    /// <summary>The app's address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where progress is written.</summary>
    public TextWriter Log { get; }

    /// <summary>A client acting as the operator.</summary>
    public HttpClient Operator { get; }

    /// <summary>The app's demo clock.</summary>
    public DemoClockClient Clock { get; }

    /// <summary>Forms answered from an earlier run (replayed) rather than stored now.</summary>
    public int Replayed { get; private set; }

    /// <summary>Forms stored by this run.</summary>
    public int Stored { get; private set; }

    /// <summary>A client acting for <paramref name="organisationId"/> with the key it was given.</summary>
    /// <exception cref="DemoException">The organisation has no key in this session.</exception>
    public HttpClient As(string organisationId) =>
        _organisations.TryGetValue(organisationId, out var client)
            ? client
            : throw new DemoException($"No API key for organisation '{organisationId}' in this session: register the organisations first.");

    /// <summary>Keeps <paramref name="apiKey"/> as <paramref name="organisationId"/>'s key.</summary>
    public void UseKey(string organisationId, string apiKey)
    {
        if (_organisations.Remove(organisationId, out var old))
        {
            old.Dispose();
        }

        _organisations[organisationId] = NewClient(ApiKeyHeader, apiKey);
    }

    /// <summary>Writes one progress line, English then Indonesian.</summary>
    public void Say(string english, string indonesian) => Log.WriteLine($"  - {english} / {indonesian}");

    /// <summary>Sends a JSON form under <paramref name="idempotencyKey"/>; the answer must be 2xx.</summary>
    /// <exception cref="DemoException">The app refused it; the message carries its problem details.</exception>
    public Task<FormAnswer> PostJsonAsync(HttpClient client, string path, object body, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync(client, HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), idempotencyKey, cancellationToken);

    /// <summary>Sends a CSV form under <paramref name="idempotencyKey"/>.</summary>
    /// <exception cref="DemoException">The app refused it.</exception>
    public Task<FormAnswer> PostCsvAsync(HttpClient client, string path, string csv, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync(client, HttpMethod.Post, path, new StringContent(csv, Encoding.UTF8, "text/csv"), idempotencyKey, cancellationToken);

    /// <summary>Sends a multipart form: the JSON in field <c>data</c>, the file in field <c>document</c>.</summary>
    /// <exception cref="DemoException">The app refused it.</exception>
    public Task<FormAnswer> PostDocumentAsync(HttpClient client, string path, object data, DemoFile file, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        // A fixed boundary keeps the body identical from run to run, so a repeat is recognised as the same submission.
        var content = new MultipartFormDataContent("ikma-demo-boundary")
        {
            { new StringContent(JsonSerializer.Serialize(data), Encoding.UTF8, "application/json"), "data" },
        };
        var fileContent = new ByteArrayContent(file.Content);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        content.Add(fileContent, "document", file.FileName);
        return SendAsync(client, HttpMethod.Post, path, content, idempotencyKey, cancellationToken);
    }

    /// <summary>Reads <paramref name="path"/>; the answer must be 2xx.</summary>
    /// <exception cref="DemoException">The app refused it.</exception>
    public async Task<JsonNode> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await Reach(() => client.GetAsync(path, cancellationToken)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoException($"GET /{path} answered {(int)response.StatusCode}: {Describe(text)}");
        }

        return JsonNode.Parse(text) ?? new JsonObject();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var client in _organisations.Values)
        {
            client.Dispose();
        }

        Operator.Dispose();
        _handler.Dispose();
    }

    /// <summary>Sends a request and reads its answer without judging the status.</summary>
    internal async Task<(HttpStatusCode Status, JsonNode? Body, bool Replayed)> SendRawAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await Reach(() => client.SendAsync(request, cancellationToken)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? body;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            body = JsonValue.Create(text);
        }

        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);
        return (response.StatusCode, body, replayed);
    }

    /// <summary>A problem answer in one line: English title and detail, the Indonesian detail, and each invalid field.</summary>
    internal static string Describe(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem && problem["title"] is not null)
            {
                var parts = new List<string> { $"{problem["title"]}: {problem["detail"]}" };
                if (problem["errors"] is JsonObject errors)
                {
                    parts.AddRange(errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value!.AsArray().Select(m => m!.ToString()))}"));
                }

                if (problem["indonesian"]?["detail"] is { } indonesian)
                {
                    parts.Add($"({indonesian})");
                }

                return string.Join(" ", parts);
            }
        }
        catch (JsonException)
        {
        }

        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private async Task<FormAnswer> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent content, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (content)
        {
            var (status, body, replayed) = await SendRawAsync(client, method, path, content, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if ((int)status is < 200 or > 299)
            {
                throw new DemoException($"{method} /{path} answered {(int)status}: {Describe(body?.ToJsonString() ?? string.Empty)}");
            }

            if (replayed)
            {
                Replayed++;
            }
            else
            {
                Stored++;
            }

            return new FormAnswer(status, body ?? new JsonObject(), replayed);
        }
    }

    private async Task<HttpResponseMessage> Reach(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new DemoException($"The app at {BaseAddress} cannot be reached ({ex.Message}). Start it first with ./run --demo (README, \"Demo data\"), or pass its address with --url.", ex);
        }
    }

    private HttpClient NewClient(string header, string key)
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add(header, key);
        return client;
    }
}

/// <summary>The app's answer to a form.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The JSON answer.</param>
/// <param name="Replayed">Whether it is the stored answer of an earlier identical submission.</param>
public sealed record FormAnswer(HttpStatusCode Status, JsonNode Body, bool Replayed)
{
    /// <summary>The answer's <c>id</c> member.</summary>
    public string Id => Body["id"]?.GetValue<string>() ?? throw new DemoException($"The answer has no id: {Body.ToJsonString()}");

    /// <summary>" (already recorded)" when replayed, for the log.</summary>
    public string Note => Replayed ? " (already recorded / sudah tercatat)" : string.Empty;
}
