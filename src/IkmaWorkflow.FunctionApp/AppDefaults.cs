using IkmaWorkflow.FunctionApp.Durable;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.FunctionApp;

/// <summary>Defaults of the app's own settings, beneath every other source.</summary>
public static class AppDefaults
{
    /// <summary>
    /// Adds the defaults as the lowest-priority source, so <c>%Setting%</c> references in function.json resolve even
    /// with no local.settings.json.
    /// </summary>
    public static IConfigurationBuilder AddAppDefaults(this IConfigurationBuilder configuration)
    {
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [DurableFunctions.TaskHubSetting] = "ikma",
                [FollowUpFunctions.ScheduleSetting] = FollowUpFunctions.DefaultSchedule,
                [PrivacyFunctions.ScheduleSetting] = PrivacyFunctions.DefaultSchedule,
            },
        });
        return configuration;
    }
}
