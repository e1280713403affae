using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Timers;

/// <summary>A timer-triggered function with its schedule and flags, from its <see cref="TimerTriggerAttribute"/>.</summary>
/// <param name="Method">The method and its binders.</param>
/// <param name="Schedule">The schedule, <c>%Setting%</c> resolved.</param>
/// <param name="UseMonitor">Whether a schedule status is kept, so an occurrence missed while down runs once, past due.</param>
/// <param name="RunOnStartup">Whether the function also runs when an instance first takes the timer's lock.</param>
internal sealed record TimerFunction(FunctionMethod Method, TimerSchedule Schedule, bool UseMonitor, bool RunOnStartup)
{
    /// <summary>Chooses the binders of a timer-triggered function: the trigger binds as <see cref="TimerInfo"/>.</summary>
    /// <exception cref="FunctionAppConfigurationException">A parameter cannot be bound.</exception>
    public static FunctionMethod BindMethod(FunctionDefinition definition) =>
        FunctionMethod.Create(
            definition,
            trigger => trigger.ParameterType == typeof(TimerInfo) ? static (in InvocationArguments a) => a.TriggerValue : null,
            bindOther: null,
            nameof(TimerInfo));

    /// <summary>Reads the trigger of <paramref name="definition"/>, resolving its schedule from <paramref name="configuration"/>.</summary>
    /// <param name="definition">A timer-triggered function.</param>
    /// <param name="configuration">The app settings <c>%Setting%</c> references resolve from.</param>
    /// <param name="now">The time the default of <c>UseMonitor</c> is judged at.</param>
    /// <exception cref="FunctionAppConfigurationException">The schedule or its setting is invalid, or a parameter cannot be bound.</exception>
    public static TimerFunction Create(FunctionDefinition definition, IConfiguration configuration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var trigger = (TimerTriggerAttribute)definition.TriggerAttribute;
        var text = AppSettingReferences.Resolve(trigger.Schedule, configuration, definition.Name, "schedule");
        TimerSchedule schedule;
        try
        {
            schedule = TimerSchedule.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new FunctionAppConfigurationException(AppSettingReferences.SourceOf(trigger.Schedule, definition.Name), $"the schedule of function '{definition.Name}' is wrong: {ex.Message}", ex);
        }

        // The attribute defaults UseMonitor to true, but the SDK writes only what the code sets, and the host then
        // monitors schedules a minute or more apart. Whether the code set it is in the attribute's metadata.
        var useMonitorSet = definition.Trigger.GetCustomAttributesData()
            .Single(a => a.AttributeType == typeof(TimerTriggerAttribute))
            .NamedArguments.Any(a => a.MemberName == nameof(TimerTriggerAttribute.UseMonitor));
        var useMonitor = useMonitorSet ? trigger.UseMonitor : schedule.MonitorByDefault(now);
        return new TimerFunction(BindMethod(definition), schedule, useMonitor, trigger.RunOnStartup);
    }
}
