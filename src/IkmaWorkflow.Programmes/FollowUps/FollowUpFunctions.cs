using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>
/// Follow-up after release in the function app: the settings and the names of the daily <c>FollowUpScan</c> timer
/// function. The forms are mapped with the rest of the programme API; the orchestration and its activities are listed
/// in <see cref="WorkflowFunctions"/>.
/// </summary>
public static class FollowUpFunctions
{
    /// <summary>The timer function that starts due follow-ups: <c>FollowUpScanner.RunAsync</c>.</summary>
    public const string ScanFunction = "FollowUpScan";

    /// <summary>The app setting holding the scan's schedule; the timer trigger refers to it as <c>%FollowUpSchedule%</c>.</summary>
    public const string ScheduleSetting = "FollowUpSchedule";

    /// <summary>The scan's default schedule: daily at 01:00 UTC, which is 08:00 WIB.</summary>
    public const string DefaultSchedule = "0 0 1 * * *";

    /// <summary>Reads and checks the <c>FollowUp</c> settings and the schedule, and registers the settings.</summary>
    /// <remarks>
    /// <see cref="FollowUpScanner"/> is not registered: it needs the durable client, which a function gets through
    /// <c>[DurableClient]</c>; the timer function makes it with <c>ActivatorUtilities.CreateInstance&lt;FollowUpScanner&gt;(services, client)</c>.
    /// </remarks>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable; the message names it as written in app settings.</exception>
    public static IHostApplicationBuilder AddFollowUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = FollowUpOptions.FromConfiguration(builder.Configuration);
        CheckSchedule(builder, ScheduleSetting, DefaultSchedule, "08:00 WIB");
        builder.Services.AddSingleton(options);
        return builder;
    }

    /// <summary>Checks the schedule setting <paramref name="setting"/>, when set, as a six-field NCRONTAB expression.</summary>
    /// <exception cref="FunctionAppConfigurationException">It does not parse; the message names it.</exception>
    internal static void CheckSchedule(IHostApplicationBuilder builder, string setting, string defaultSchedule, string defaultInWib)
    {
        var schedule = builder.Configuration[setting];
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return;
        }

        try
        {
            _ = TimerSchedule.Parse(schedule);
        }
        catch (FormatException ex)
        {
            throw new FunctionAppConfigurationException(setting, $"{ex.Message} Schedules are in UTC: {defaultSchedule} is {defaultInWib} daily.", ex);
        }
    }
}
