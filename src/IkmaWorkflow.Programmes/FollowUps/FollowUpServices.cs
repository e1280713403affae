using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>Follow-up after release: its settings. The functions (forms, the daily scan, the orchestration) are in the function app.</summary>
public static class FollowUpServices
{
    /// <summary>Reads and checks the <c>FollowUp__*</c> settings and registers them.</summary>
    /// <remarks>
    /// <see cref="FollowUpScanner"/> is not registered: it needs the durable client, which a function gets through
    /// <c>[DurableClient]</c>; the timer function makes it with <c>ActivatorUtilities.CreateInstance&lt;FollowUpScanner&gt;(services, client)</c>.
    /// </remarks>
    /// <exception cref="AppSettingException">A setting is not usable; the message names it as written in app settings.</exception>
    public static IHostApplicationBuilder AddFollowUps(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(FollowUpOptions.FromConfiguration(builder.Configuration));
        return builder;
    }
}
