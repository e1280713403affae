using System.Globalization;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Metadata;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.DurableTask;
using IkmaWorkflow.DurableTask.Worker;

namespace IkmaWorkflow.FunctionApp.Durable;

/// <summary>
/// Hosts the durable runtime in the function app: its work arrives through two queue-triggered functions,
/// <c>DurableOrchestrations</c> and <c>DurableActivities</c>, on the task hub's queues.
/// </summary>
public static class DurableFunctions
{
    /// <summary>The app setting naming the task hub; function.json files refer to it as <c>%TaskHubName%</c>.</summary>
    public const string TaskHubSetting = "TaskHubName";

    /// <summary>The app setting of <see cref="DurableTaskOptions.MaxTimerHop"/>, as written in app settings.</summary>
    public const string MaxTimerHopSetting = "DurableTask__MaxTimerHop";

    /// <summary>Registers the runtime with the app's orchestrators and activities, and the two queue functions.</summary>
    public static WebApplicationBuilder AddDurableFunctions(this WebApplicationBuilder builder, Action<DurableTaskRegistry> register)
    {
        var options = new DurableTaskOptions
        {
            HubName = builder.Configuration[TaskHubSetting] ?? "ikma",
            MaxDequeueCount = builder.Services.HostMaxDequeueCount(),
            MaxTimerHop = ReadTimeSpan(builder.Configuration, MaxTimerHopSetting) ?? DurableTaskOptions.DefaultMaxTimerHop,
        };
        if (options.Validate() is { } problem)
        {
            var key = problem.StartsWith($"{DurableTaskOptions.SectionName}:MaxTimerHop", StringComparison.Ordinal) ? MaxTimerHopSetting : TaskHubSetting;
            throw new FunctionAppConfigurationException(key, problem
                .Replace($"{DurableTaskOptions.SectionName}:HubName", "the task hub name", StringComparison.Ordinal)
                .Replace($"{DurableTaskOptions.SectionName}:MaxTimerHop", "the longest timer hop", StringComparison.Ordinal));
        }

        builder.Services.AddDurableTask(options, register);
        builder.Services.AddTriggerFunction("DurableOrchestrations", (services, invocation, cancellationToken) =>
            services.GetRequiredService<DurableTaskWorker>().ProcessOrchestrationMessageAsync(invocation.QueueMessage, invocation.DequeueCount, cancellationToken));
        builder.Services.AddTriggerFunction("DurableActivities", (services, invocation, cancellationToken) =>
            services.GetRequiredService<DurableTaskWorker>().ProcessActivityMessageAsync(invocation.QueueMessage, invocation.DequeueCount, cancellationToken));
        return builder;
    }

    /// <summary>
    /// Lets the runtime's messages wake this process's standalone listeners at once. Storage is not touched here: the
    /// runtime creates its table, queues and container on first use, so an unreachable account never stops start-up.
    /// </summary>
    public static void UseDurableFunctions(this WebApplication app) =>
        app.Services.OnDurableMessageSent(app.Services.GetRequiredService<QueueWakeups>().Notify);

    private static TimeSpan? ReadTimeSpan(ConfigurationManager configuration, string setting)
    {
        var value = configuration[setting.Replace("__", ":", StringComparison.Ordinal)];
        if (value is null)
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new FunctionAppConfigurationException(setting, $"\"{value}\" is not a valid value: durations are written like \"6.23:59:00\" (days.hours:minutes:seconds).");
    }

    // host.json's maxDequeueCount, from the app metadata AddCustomHandler registered, so both agree on the last attempt.
    private static int HostMaxDequeueCount(this IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(FunctionAppMetadata)).Select(d => d.ImplementationInstance).OfType<FunctionAppMetadata>().FirstOrDefault()?.Host.Queues.MaxDequeueCount ?? 5;
}
