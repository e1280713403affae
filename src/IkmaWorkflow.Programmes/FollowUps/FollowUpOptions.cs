using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>
/// Follow-up after release (section <c>FollowUp</c>, in app settings <c>FollowUp__Key</c>): when checkpoints fall due,
/// how often the responsible organisation is reminded, when coordinators are told, and when a checkpoint is given up
/// as unreachable. The daily scan's time is the separate setting <c>FollowUpSchedule</c> (docs/follow-up.md).
/// </summary>
public sealed class FollowUpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FollowUp";

    /// <summary>The most checkpoints per participant (all of them and the programme row fit one table transaction).</summary>
    public const int MaxCheckpoints = 10;

    /// <summary>The latest checkpoint, in months after release (row keys hold two digits).</summary>
    public const int MaxMonths = 99;

    /// <summary>Where follow-up emails point when neither <c>FollowUp__PublicBaseAddress</c> nor <c>WEBSITE_HOSTNAME</c> is set.</summary>
    public static readonly Uri LocalBaseAddress = new("http://localhost:7071/");

    /// <summary>Months after release at which a participant is followed up, increasing. Default 1, 6, 12 and 24.</summary>
    public IReadOnlyList<int> CheckpointMonths { get; init; } = [1, 6, 12, 24];

    /// <summary>How long after the request (and after each reminder) the responsible organisation is reminded. Default 7 days.</summary>
    public TimeSpan ReminderInterval { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long after the request the programme's coordinators are told the outcome is overdue. Default 14 days.</summary>
    public TimeSpan EscalateAfter { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long after the request the checkpoint is recorded <see cref="ContactOutcome.Unreachable"/>. Default 30 days.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The app's public address, from which follow-up emails link the outcome form. Default <c>https://{WEBSITE_HOSTNAME}/</c>
    /// when Azure sets that, else <see cref="LocalBaseAddress"/>.
    /// </summary>
    public Uri PublicBaseAddress { get; init; } = LocalBaseAddress;

    /// <summary>Reads the section and checks it.</summary>
    /// <exception cref="AppSettingException">A value is not usable; the message names the key as written in app settings.</exception>
    public static FollowUpOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var defaults = new FollowUpOptions();
        var hostName = configuration["WEBSITE_HOSTNAME"];
        var options = new FollowUpOptions
        {
            CheckpointMonths = ReadMonths(section),
            ReminderInterval = ReadDuration(section, nameof(ReminderInterval), defaults.ReminderInterval),
            EscalateAfter = ReadDuration(section, nameof(EscalateAfter), defaults.EscalateAfter),
            GiveUpAfter = ReadDuration(section, nameof(GiveUpAfter), defaults.GiveUpAfter),
            PublicBaseAddress = ReadAddress(section, string.IsNullOrWhiteSpace(hostName) ? LocalBaseAddress : new Uri($"https://{hostName.Trim()}/")),
        };
        return options.Validate() is { } problem ? throw new AppSettingException(problem.Key, problem.Problem) : options;
    }

    /// <summary>Checks the values against each other.</summary>
    /// <returns>The first bad key, as written in app settings, and what is wrong; null when valid.</returns>
    public (string Key, string Problem)? Validate()
    {
        var minimum = TimeSpan.FromMinutes(1);
        if (CheckpointMonths.Count is 0 or > MaxCheckpoints || CheckpointMonths.Any(m => m is < 1 or > MaxMonths) || CheckpointMonths.Zip(CheckpointMonths.Skip(1)).Any(p => p.Second <= p.First))
        {
            return (Key(nameof(CheckpointMonths)), $"must list 1 to {MaxCheckpoints} whole numbers of months from 1 to {MaxMonths}, increasing and separated by commas, such as 1,6,12,24; not \"{string.Join(',', CheckpointMonths)}\".");
        }

        if (GiveUpAfter < minimum || GiveUpAfter > TimeSpan.FromDays(365))
        {
            return (Key(nameof(GiveUpAfter)), $"must be from 00:01:00 to 365.00:00:00, not {GiveUpAfter}.");
        }

        if (ReminderInterval < minimum || ReminderInterval > GiveUpAfter)
        {
            return (Key(nameof(ReminderInterval)), $"must be from 00:01:00 to {Key(nameof(GiveUpAfter))} ({GiveUpAfter}), not {ReminderInterval}.");
        }

        if (EscalateAfter < minimum || EscalateAfter > GiveUpAfter)
        {
            return (Key(nameof(EscalateAfter)), $"must be from 00:01:00 to {Key(nameof(GiveUpAfter))} ({GiveUpAfter}), not {EscalateAfter}.");
        }

        return PublicBaseAddress is { IsAbsoluteUri: true } address && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)
            ? null
            : (Key(nameof(PublicBaseAddress)), $"must be an absolute http or https address, such as https://ikma-workflow.azurewebsites.net/, not \"{PublicBaseAddress}\".");
    }

    private static List<int> ReadMonths(IConfigurationSection section)
    {
        var key = Key(nameof(CheckpointMonths));
        var entry = section.GetSection(nameof(CheckpointMonths));
        if (entry.GetChildren().Any())
        {
            throw new AppSettingException(key, "write the months in one value separated by commas, such as 1,6,12,24, not as a list of separate keys.");
        }

        if (string.IsNullOrWhiteSpace(entry.Value))
        {
            return [1, 6, 12, 24];
        }

        var months = new List<int>();
        foreach (var part in entry.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var month))
            {
                throw new AppSettingException(key, $"\"{part}\" in \"{entry.Value}\" is not a whole number of months; write them separated by commas, such as 1,6,12,24.");
            }

            months.Add(month);
        }

        return months;
    }

    private static TimeSpan ReadDuration(IConfigurationSection section, string name, TimeSpan fallback)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AppSettingException(Key(name), $"\"{text}\" is not a duration: write days.hours:minutes:seconds, such as 7.00:00:00 for seven days.");
    }

    private static Uri ReadAddress(IConfigurationSection section, Uri fallback)
    {
        var text = section[nameof(PublicBaseAddress)];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        // A base address ends in '/', so relative form paths are appended to it rather than replacing its last segment.
        var withSlash = text.Trim().EndsWith('/') ? text.Trim() : text.Trim() + "/";
        return Uri.TryCreate(withSlash, UriKind.Absolute, out var address)
            ? address
            : throw new AppSettingException(Key(nameof(PublicBaseAddress)), $"\"{text}\" is not an absolute http or https address, such as https://ikma-workflow.azurewebsites.net/.");
    }

    private static string Key(string property) => $"{SectionName}__{property}";
}
