using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.Programmes.FollowUps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>The daily <c>DeadlineCheck</c> timer function's name and schedule setting, and the scanner's registration.</summary>
public static class WakeUpFunctions
{
    /// <summary>The timer function that raises due wake-ups: <see cref="WakeUpScanner.RunAsync"/>.</summary>
    public const string CheckFunction = "DeadlineCheck";

    /// <summary>The app setting holding the check's schedule; the timer trigger refers to it as <c>%DeadlineSchedule%</c>.</summary>
    public const string ScheduleSetting = "DeadlineSchedule";

    /// <summary>The check's default schedule: daily at 01:00 UTC, which is 08:00 WIB.</summary>
    public const string DefaultSchedule = "0 0 1 * * *";

    /// <summary>Checks the schedule setting and registers <see cref="WakeUpScanner"/> (it takes the durable client per run).</summary>
    /// <exception cref="FunctionAppConfigurationException">The schedule does not parse; the message names it.</exception>
    public static IHostApplicationBuilder AddWakeUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        FollowUpFunctions.CheckSchedule(builder, ScheduleSetting, DefaultSchedule, "08:00 WIB");
        builder.Services.AddSingleton<WakeUpScanner>();
        return builder;
    }
}
