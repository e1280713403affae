using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.Programmes.FollowUps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Personal data in the function app: the retention settings and the names of the daily <c>RetentionPurge</c> timer
/// function. The request forms are mapped with the rest of the programme API.
/// </summary>
public static class PrivacyFunctions
{
    /// <summary>The timer function that purges what has outlived its retention: <c>RetentionPurger.RunAsync</c>.</summary>
    public const string PurgeFunction = "RetentionPurge";

    /// <summary>The app setting holding the purge's schedule; the timer trigger refers to it as <c>%RetentionSchedule%</c>.</summary>
    public const string ScheduleSetting = "RetentionSchedule";

    /// <summary>The purge's default schedule: daily at 19:00 UTC, which is 02:00 WIB, when nobody is submitting forms.</summary>
    public const string DefaultSchedule = "0 0 19 * * *";

    /// <summary>Reads and checks the <c>Retention</c> settings and the schedule, and registers the settings.</summary>
    /// <remarks>
    /// <see cref="PersonalDataEraser"/> and <see cref="RetentionPurger"/> are not registered: the eraser needs the
    /// durable client, which a function gets through <c>[DurableClient]</c>. Functions make them per call:
    /// <c>ActivatorUtilities.CreateInstance&lt;PersonalDataEraser&gt;(services, client)</c>, and the purge with that eraser.
    /// </remarks>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable; the message names it as written in app settings.</exception>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = RetentionOptions.FromConfiguration(builder.Configuration);
        FollowUpFunctions.CheckSchedule(builder, ScheduleSetting, DefaultSchedule, "02:00 WIB");
        builder.Services.AddSingleton(options);
        return builder;
    }
}
