using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Settings of section <c>Retention</c> (app settings <c>Retention__…</c>). The purge's time of day is the separate
/// setting <c>RetentionSchedule</c>, referred to by its function.json.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Retention";

    /// <summary>
    /// How long a form's stored answer keeps the names, contacts and free texts it carries (an enrolment's answer
    /// names every participant) before the daily purge blanks them; default 90 days, at least 1 day, at most 3650.
    /// The rest of the answer stays, so a form resent even years later is still recognised and never applied twice.
    /// </summary>
    public TimeSpan NamesInAnswersKeptFor { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Reads the section and checks it.</summary>
    /// <exception cref="AppSettingException">A value is not usable; the message names the key as written in app settings.</exception>
    public static RetentionOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string Key = SectionName + "__" + nameof(NamesInAnswersKeptFor);
        var text = configuration.GetSection(SectionName)[nameof(NamesInAnswersKeptFor)];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RetentionOptions();
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var kept))
        {
            throw new AppSettingException(Key, $"\"{text}\" is not a duration: write days.hours:minutes:seconds, such as 90.00:00:00 for ninety days.");
        }

        return kept < TimeSpan.FromDays(1) || kept > TimeSpan.FromDays(3650)
            ? throw new AppSettingException(Key, $"must be from 1.00:00:00 (one day) to 3650.00:00:00 (ten years), not {text}.")
            : new RetentionOptions { NamesInAnswersKeptFor = kept };
    }
}
