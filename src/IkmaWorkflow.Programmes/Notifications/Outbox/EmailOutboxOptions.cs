namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// How the outbox retries (section <c>EmailOutbox</c>, in app settings <c>EmailOutbox__Key</c>). After a 429, a 5xx or
/// a network error the next attempt waits <see cref="FirstRetryDelay"/>, doubling each time up to
/// <see cref="MaxRetryDelay"/> (or longer when SendGrid's <c>Retry-After</c> asks for more); after
/// <see cref="MaxAttempts"/> attempts the email is marked Failed.
/// </summary>
public sealed class EmailOutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EmailOutbox";

    /// <summary>How many attempts an email gets before it is marked Failed: 1 to 50. Default 8 (about an hour of retries with the default delays).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt. Default 30 seconds.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts that the backoff reaches, at most 6 days (a queue message's longest delay is 7). Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a sender's claim on an email lasts. A second sender takes the email over only after the claim has
    /// lapsed, so it must be longer than a send can take (the SendGrid timeout). Default 2 minutes.
    /// </summary>
    public TimeSpan ClaimPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Checks the values against each other and the SendGrid timeout.</summary>
    /// <returns>The first bad key, as written in app settings, and what is wrong; null when valid.</returns>
    public (string Key, string Problem)? Validate(TimeSpan sendTimeout) => this switch
    {
        { MaxAttempts: < 1 or > 50 } => (Key(nameof(MaxAttempts)), $"must be a whole number from 1 to 50, not {MaxAttempts}."),
        _ when FirstRetryDelay <= TimeSpan.Zero => (Key(nameof(FirstRetryDelay)), $"must be positive, not {FirstRetryDelay}."),
        _ when MaxRetryDelay < FirstRetryDelay || MaxRetryDelay > TimeSpan.FromDays(6) => (Key(nameof(MaxRetryDelay)), $"must be from {Key(nameof(FirstRetryDelay))} ({FirstRetryDelay}) to 6.00:00:00, not {MaxRetryDelay}."),
        _ when ClaimPeriod < sendTimeout + TimeSpan.FromSeconds(1) => (Key(nameof(ClaimPeriod)), $"must be longer than the SendGrid timeout ({sendTimeout}), or a slow send could be taken over and sent twice; it is {ClaimPeriod}."),
        _ => null,
    };

    private static string Key(string property) => $"{SectionName}__{property}";
}
