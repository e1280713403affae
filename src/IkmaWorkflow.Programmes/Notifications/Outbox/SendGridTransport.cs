using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// Sends through SendGrid's v3 mail API with SendGrid's own client. Each recipient gets a personalization of their
/// own, so nobody sees the other addresses; custom arguments carry the dedupe key and outbox id, so SendGrid's event
/// webhook and activity feed can be matched to the outbox.
/// </summary>
public sealed class SendGridTransport : EmailTransport
{
    /// <summary>The custom argument holding the event's dedupe key.</summary>
    public const string DedupeKeyArgument = "ikma_dedupe_key";

    /// <summary>The custom argument holding the outbox id.</summary>
    public const string EmailIdArgument = "ikma_email_id";

    private readonly ISendGridClient _client;
    private readonly EmailAddress _from;
    private readonly TimeProvider _time;

    /// <summary>Creates the transport on a client and the configured sender.</summary>
    public SendGridTransport(ISendGridClient client, SendGridOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _from = new EmailAddress(options.FromEmail ?? throw new ArgumentException("SendGrid__FromEmail is not set.", nameof(options)), options.FromName);
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <inheritdoc/>
    public override string Name => "sendgrid";

    /// <summary>
    /// SendGrid's client on its own <see cref="HttpClient"/> with the configured host and timeout
    /// (<see cref="SendGridOptions.Timeout"/>, from connecting to the whole answer read), and without the client's own
    /// retries: the outbox retries, and records each attempt.
    /// </summary>
    /// <remarks>
    /// The timeout bounds the window in which an email can be sent twice: SendGrid has no idempotency key, so a send
    /// whose answer never came is sent again (docs/notifications.md, "Guarantees").
    /// </remarks>
    public static SendGridClient CreateClient(SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Timeout };
        return new SendGridClient(http, new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.Host.TrimEnd('/') });
    }

    /// <inheritdoc/>
    public override async Task<DeliveryResult> DeliverAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var message = new SendGridMessage
        {
            From = _from,
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
            Personalizations = [.. email.Recipients.Select(r => new Personalization { Tos = [new EmailAddress(r.Address, r.Name)] })],
            CustomArgs = new Dictionary<string, string> { [DedupeKeyArgument] = email.DedupeKey, [EmailIdArgument] = email.Id },
        };

        Response response;
        try
        {
            response = await _client.SendEmailAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex) when (NeverSent(ex))
        {
            return DeliveryResult.Retry($"SendGrid could not be reached: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.AnswerLost($"SendGrid's answer was lost ({ex.Message}); it may have accepted the email.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.AnswerLost("SendGrid did not answer within the timeout (SendGrid__Timeout); it may have accepted the email.");
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered(response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null);
        }

        var error = await ErrorTextAsync(response, cancellationToken);
        return status == (int)HttpStatusCode.TooManyRequests || status >= 500
            ? DeliveryResult.Retry(error, RetryAfter(response.Headers.RetryAfter))
            : DeliveryResult.Rejected(error);
    }

    // Failures before a connection was made: the request never left, so trying again cannot send the email twice.
    private static bool NeverSent(HttpRequestException exception) => exception.HttpRequestError
        is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    // SendGrid explains a refusal as {"errors":[{"message":..., "field":..., "help":...}]}; anything else is quoted as sent.
    private static async Task<string> ErrorTextAsync(Response response, CancellationToken cancellationToken)
    {
        var status = $"SendGrid answered {(int)response.StatusCode} {response.StatusCode}";
        var body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray()
                    .Select(e => (Field: Text(e, "field"), Message: Text(e, "message")))
                    .Where(e => e.Message is not null)
                    .Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}")
                    .ToList();
                if (messages.Count > 0)
                {
                    return $"{status}: {string.Join("; ", messages)}";
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: quoted below.
        }

        body = body.Trim();
        return body.Length == 0 ? status : $"{status}: {(body.Length > 500 ? body[..500] + "…" : body)}";
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
