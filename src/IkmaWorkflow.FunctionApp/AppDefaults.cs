using IkmaWorkflow.FunctionApp.Functions.FollowUps;
using IkmaWorkflow.FunctionApp.Functions.Privacy;
using IkmaWorkflow.FunctionApp.Functions.Workflow;

namespace IkmaWorkflow.FunctionApp;

/// <summary>Defaults of the app's own settings, beneath every other source.</summary>
public static class AppDefaults
{
    /// <summary>The app setting naming the Durable Task hub (host.json's <c>hubName</c> is <c>%TaskHubName%</c>).</summary>
    public const string TaskHubSetting = "TaskHubName";

    /// <summary>
    /// Adds the defaults as the lowest-priority source, so the <c>%Setting%</c> references in host.json and in the
    /// timer triggers resolve in the app even with no local.settings.json. (The Functions host resolves them from its
    /// own app settings, so there they must be set: local.settings.sample.json and the deployment set them.)
    /// </summary>
    public static IConfigurationBuilder AddAppDefaults(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [IkmaWorkflowApp.StorageSetting] = "UseDevelopmentStorage=true",
                [TaskHubSetting] = "ikma",
                [FollowUpFunctions.ScheduleSetting] = FollowUpFunctions.DefaultSchedule,
                [DeadlineFunctions.DeadlineScheduleSetting] = DeadlineFunctions.DefaultDeadlineSchedule,
                [PrivacyFunctions.ScheduleSetting] = PrivacyFunctions.DefaultSchedule,
            },
        });
        return configuration;
    }
}
