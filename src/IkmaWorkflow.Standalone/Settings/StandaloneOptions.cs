using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Settings;

/// <summary>
/// Settings of the standalone host (section <c>Standalone</c>, in app settings <c>Standalone__Key</c>), which drives
/// the triggers itself because no Functions host is present.
/// </summary>
public sealed class StandaloneOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Standalone";

    /// <summary>The HTTP port HTTP functions are served on, on the loopback addresses. Default 7071, as Core Tools uses.</summary>
    public int HttpPort { get; set; } = 7071;

    /// <summary>
    /// How long in-flight invocations (HTTP, queue, timer) may run on after shutdown begins before their
    /// <see cref="CancellationToken"/> fires and queue messages are released. Default 30 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a received queue message stays invisible; it is renewed at half this while its invocation runs. Default 10 minutes, as the host.</summary>
    public TimeSpan QueueMessageLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The shortest wait between polls of an empty queue; it doubles up to <c>maxPollingInterval</c>. Default 100 ms.</summary>
    public TimeSpan QueueMinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The blob lease that makes one instance run a timer schedule: 15 to 60 seconds, renewed at a third. Default 15 seconds.</summary>
    public TimeSpan TimerLockPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an instance without a timer's lease tries to take it. Default 5 seconds.</summary>
    public TimeSpan TimerLockRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a timer sleeps before looking at the clock again, so a clock that jumps (the app's demo clock, a
    /// resumed VM) delays a run by at most this much: up to one hour. Default 1 minute.
    /// </summary>
    public TimeSpan TimerClockCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Reads section <see cref="SectionName"/> of <paramref name="configuration"/> and checks it.</summary>
    /// <exception cref="FunctionAppConfigurationException">A value does not parse or is out of range; the message names its key.</exception>
    public static StandaloneOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var defaults = new StandaloneOptions();
        var options = new StandaloneOptions
        {
            HttpPort = ReadPort(section, nameof(HttpPort), defaults.HttpPort),
            ShutdownTimeout = ReadDuration(section, nameof(ShutdownTimeout), defaults.ShutdownTimeout),
            QueueMessageLease = ReadDuration(section, nameof(QueueMessageLease), defaults.QueueMessageLease),
            QueueMinPollingInterval = ReadDuration(section, nameof(QueueMinPollingInterval), defaults.QueueMinPollingInterval),
            TimerLockPeriod = ReadDuration(section, nameof(TimerLockPeriod), defaults.TimerLockPeriod),
            TimerLockRetryInterval = ReadDuration(section, nameof(TimerLockRetryInterval), defaults.TimerLockRetryInterval),
            TimerClockCheckInterval = ReadDuration(section, nameof(TimerClockCheckInterval), defaults.TimerClockCheckInterval),
        };
        return options.Validate() is { } problem ? throw new FunctionAppConfigurationException(problem.Key, problem.Problem) : options;
    }

    /// <summary>Checks the values.</summary>
    /// <returns>The first bad key, as written in app settings (<c>Standalone__Key</c>), and what is wrong; null when valid.</returns>
    public (string Key, string Problem)? Validate() => this switch
    {
        { HttpPort: < 1 or > 65535 } => (Key(nameof(HttpPort)), $"must be a TCP port from 1 to 65535, not {HttpPort}."),
        { ShutdownTimeout.Ticks: < 0 } => (Key(nameof(ShutdownTimeout)), "must not be negative."),
        _ when QueueMessageLease < TimeSpan.FromSeconds(2) || QueueMessageLease > TimeSpan.FromDays(7) => (Key(nameof(QueueMessageLease)), $"must be from 00:00:02 to 7.00:00:00, not {QueueMessageLease}."),
        _ when QueueMinPollingInterval <= TimeSpan.Zero => (Key(nameof(QueueMinPollingInterval)), $"must be positive, not {QueueMinPollingInterval}."),
        _ when TimerLockPeriod < TimeSpan.FromSeconds(15) || TimerLockPeriod > TimeSpan.FromSeconds(60) => (Key(nameof(TimerLockPeriod)), $"must be from 00:00:15 to 00:01:00 (the blob lease range), not {TimerLockPeriod}."),
        _ when TimerLockRetryInterval <= TimeSpan.Zero => (Key(nameof(TimerLockRetryInterval)), $"must be positive, not {TimerLockRetryInterval}."),
        _ when TimerClockCheckInterval <= TimeSpan.Zero || TimerClockCheckInterval > TimeSpan.FromHours(1) => (Key(nameof(TimerClockCheckInterval)), $"must be from 00:00:00.001 to 01:00:00, not {TimerClockCheckInterval}."),
        _ => null,
    };

    private static string Key(string property) => $"{SectionName}__{property}";

    private static int ReadPort(IConfigurationSection section, string property, int defaultValue) =>
        section[property] is not { Length: > 0 } text ? defaultValue
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FunctionAppConfigurationException(Key(property), $"\"{text}\" is not a whole number.");

    private static TimeSpan ReadDuration(IConfigurationSection section, string property, TimeSpan defaultValue) =>
        section[property] is not { Length: > 0 } text ? defaultValue
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FunctionAppConfigurationException(Key(property), $"\"{text}\" is not a duration: write it like \"00:00:30\" (hours:minutes:seconds).");
}
