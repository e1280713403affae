using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Personal data in the function app: the eraser, the retention settings and the daily <c>RetentionPurge</c> timer
/// function. The request forms are mapped with the rest of the programme API.
/// </summary>
public static class PrivacyFunctions
{
    /// <summary>The timer function that purges what has outlived its retention (folder <c>RetentionPurge</c>).</summary>
    public const string PurgeFunction = "RetentionPurge";

    /// <summary>The app setting holding the purge's schedule; its function.json refers to it as <c>%RetentionSchedule%</c>.</summary>
    public const string ScheduleSetting = "RetentionSchedule";

    /// <summary>The purge's default schedule: daily at 19:00 UTC, which is 02:00 WIB, when nobody is submitting forms.</summary>
    public const string DefaultSchedule = "0 0 19 * * *";

    /// <summary>Reads and checks the <c>Retention</c> settings and the schedule, and registers the eraser, the purge and its timer function.</summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable; the message names it as written in app settings.</exception>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = RetentionOptions.FromConfiguration(builder.Configuration);
        var schedule = builder.Configuration[ScheduleSetting];
        if (!string.IsNullOrWhiteSpace(schedule))
        {
            try
            {
                _ = TimerSchedule.Parse(schedule);
            }
            catch (FormatException ex)
            {
                throw new FunctionAppConfigurationException(ScheduleSetting, $"{ex.Message} Schedules are in UTC: {DefaultSchedule} is 02:00 WIB daily.", ex);
            }
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PersonalDataEraser>();
        builder.Services.AddSingleton<RetentionPurger>();
        builder.Services.AddTriggerFunction(PurgeFunction, (services, invocation, cancellationToken) =>
            services.GetRequiredService<RetentionPurger>().RunAsync(cancellationToken));
        return builder;
    }
}
