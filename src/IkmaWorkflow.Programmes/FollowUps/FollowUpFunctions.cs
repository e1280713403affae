using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Timers;
using IkmaWorkflow.DurableTask;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>
/// Follow-up after release in the function app: the settings, the daily <c>FollowUpScan</c> timer function, and the
/// orchestration with its activities. The forms are mapped with the rest of the programme API.
/// </summary>
public static class FollowUpFunctions
{
    /// <summary>The timer function that starts due follow-ups (folder <c>FollowUpScan</c>).</summary>
    public const string ScanFunction = "FollowUpScan";

    /// <summary>The app setting holding the scan's schedule; its function.json refers to it as <c>%FollowUpSchedule%</c>.</summary>
    public const string ScheduleSetting = "FollowUpSchedule";

    /// <summary>The scan's default schedule: daily at 01:00 UTC, which is 08:00 WIB.</summary>
    public const string DefaultSchedule = "0 0 1 * * *";

    /// <summary>Reads and checks the <c>FollowUp</c> settings and the schedule, and registers the scan and its timer function.</summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is not usable; the message names it as written in app settings.</exception>
    public static WebApplicationBuilder AddFollowUps(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = FollowUpOptions.FromConfiguration(builder.Configuration);
        var schedule = builder.Configuration[ScheduleSetting];
        if (!string.IsNullOrWhiteSpace(schedule))
        {
            try
            {
                _ = TimerSchedule.Parse(schedule);
            }
            catch (FormatException ex)
            {
                throw new FunctionAppConfigurationException(ScheduleSetting, $"{ex.Message} Schedules are in UTC: {DefaultSchedule} is 08:00 WIB daily.", ex);
            }
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<FollowUpScanner>();
        builder.Services.AddTriggerFunction(ScanFunction, (services, invocation, cancellationToken) =>
            services.GetRequiredService<FollowUpScanner>().RunAsync(cancellationToken));
        return builder;
    }

    /// <summary>Registers <see cref="FollowUpOrchestration"/> and its activities with the durable runtime.</summary>
    public static DurableTaskRegistry AddFollowUps(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<FollowUpOrchestration>()
            .AddActivity<RequestFollowUp>()
            .AddActivity<RemindFollowUp>()
            .AddActivity<EscalateFollowUp>()
            .AddActivity<RecordUnreachable>();
    }
}
