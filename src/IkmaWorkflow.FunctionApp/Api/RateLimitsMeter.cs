using System.Diagnostics.Metrics;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// The rate limits' metric: counter <c>ikma.rate_limit.refused</c> of meter <c>IkmaWorkflow.RateLimits</c>, one per
/// request answered 429, tagged <c>limit</c> with the limit's name (<c>verify</c>, <c>failed-keys</c>, <c>forms</c>,
/// <c>sign-in-address</c>, <c>sign-in-client</c>). Created through the host's <see cref="IMeterFactory"/>, so each host
/// (and each test's app) has its own.
/// </summary>
public sealed class RateLimitsMeter
{
    /// <summary>The meter's name, for exporters (OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "IkmaWorkflow.RateLimits";

    /// <summary>The counter's name.</summary>
    public const string RefusedName = "ikma.rate_limit.refused";

    private readonly Counter<long> _refused;

    /// <summary>Creates the meter and its counter.</summary>
    public RateLimitsMeter(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _refused = meter.CreateCounter<long>(RefusedName, unit: "{request}", description: "Requests answered 429 by a rate limit, by limit.");
    }

    /// <summary>Counts one request refused by limit <paramref name="limit"/>.</summary>
    public void Refused(string limit) => _refused.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
