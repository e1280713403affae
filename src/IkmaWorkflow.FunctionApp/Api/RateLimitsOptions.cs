using System.Globalization;
using IkmaWorkflow.Programmes;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// The rate limits' settings (section <c>RateLimits</c>): each limit is <c>RateLimits__{Name}__Permits</c> requests per
/// <c>RateLimits__{Name}__Window</c> (a <c>TimeSpan</c>, <c>hh:mm:ss</c>), and <c>RateLimits__TrustForwardedFor</c>
/// says whether the client's address is read from <c>X-Forwarded-For</c>. Read and checked at start.
/// </summary>
public sealed class RateLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimits";

    private static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(1);

    /// <summary>
    /// Whether the app runs behind a proxy (App Service's front end) that appends the address it saw to
    /// <c>X-Forwarded-For</c>: then the client is the header's last entry. Default <see langword="false"/>: anywhere
    /// else a client could write any address there, so the connection's own address counts.
    /// </summary>
    public bool TrustForwardedFor { get; init; }

    /// <summary>Certificate verifications (<c>GET /api/verify/{number}</c>, public) per client address; default 60 a minute.</summary>
    public Limit Verify { get; init; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary>
    /// Requests with an API key or operator key that is not accepted, per client address; default 10 a minute. Once
    /// used up, every request from that address that needs a key answers 429, with the right key too, until the
    /// window has passed.
    /// </summary>
    public Limit FailedKeys { get; init; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Form submissions per credential (an organisation's API key, the operator key, a signed-in person); default 120 a minute.</summary>
    public Limit Forms { get; init; } = new(120, TimeSpan.FromMinutes(1));

    /// <summary>Sign-in link requests per email address, known or not; default 5 in 15 minutes.</summary>
    public Limit SignInPerAddress { get; init; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>Sign-in link requests per client address; default 20 a minute.</summary>
    public Limit SignInPerClient { get; init; } = new(20, TimeSpan.FromMinutes(1));

    /// <summary>Reads the section; a value that cannot be used stops the app, naming its key.</summary>
    /// <exception cref="AppSettingException">A value is not usable; the message names its key.</exception>
    public static RateLimitsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new RateLimitsOptions();
        var trustText = configuration[$"{SectionName}:{nameof(TrustForwardedFor)}"];
        var trust = false;
        if (!string.IsNullOrWhiteSpace(trustText) && !bool.TryParse(trustText.Trim(), out trust))
        {
            throw new AppSettingException($"{SectionName}__{nameof(TrustForwardedFor)}", $"\"{trustText}\" is not valid: write true or false.");
        }

        return new RateLimitsOptions
        {
            TrustForwardedFor = trust,
            Verify = Read(configuration, nameof(Verify), defaults.Verify),
            FailedKeys = Read(configuration, nameof(FailedKeys), defaults.FailedKeys),
            Forms = Read(configuration, nameof(Forms), defaults.Forms),
            SignInPerAddress = Read(configuration, nameof(SignInPerAddress), defaults.SignInPerAddress),
            SignInPerClient = Read(configuration, nameof(SignInPerClient), defaults.SignInPerClient),
        };
    }

    private static Limit Read(IConfiguration configuration, string name, Limit fallback)
    {
        var permits = fallback.Permits;
        var permitsText = configuration[$"{SectionName}:{name}:{nameof(Limit.Permits)}"];
        if (!string.IsNullOrWhiteSpace(permitsText)
            && (!int.TryParse(permitsText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out permits) || permits < 1))
        {
            throw new AppSettingException($"{SectionName}__{name}__{nameof(Limit.Permits)}", $"\"{permitsText}\" is not valid: write a whole number of requests, 1 or more.");
        }

        var window = fallback.Window;
        var windowText = configuration[$"{SectionName}:{name}:{nameof(Limit.Window)}"];
        if (!string.IsNullOrWhiteSpace(windowText)
            && (!TimeSpan.TryParse(windowText.Trim(), CultureInfo.InvariantCulture, out window) || window < ShortestWindow || window > LongestWindow))
        {
            throw new AppSettingException($"{SectionName}__{name}__{nameof(Limit.Window)}", $"\"{windowText}\" is not valid: write a time span from 00:00:01 to 1.00:00:00, such as 00:01:00 for a minute.");
        }

        return new Limit(permits, window);
    }

    /// <summary>One limit: at most <paramref name="Permits"/> requests in each window of <paramref name="Window"/>.</summary>
    /// <param name="Permits">The requests a window allows.</param>
    /// <param name="Window">The window's length.</param>
    public sealed record Limit(int Permits, TimeSpan Window);
}
