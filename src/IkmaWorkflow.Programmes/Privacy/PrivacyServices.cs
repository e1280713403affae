using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>Personal data: the retention settings. The functions (requests, the nightly purge) are in the function app.</summary>
public static class PrivacyServices
{
    /// <summary>Reads and checks the <c>Retention__*</c> settings and registers them.</summary>
    /// <exception cref="AppSettingException">A setting is not usable; the message names it as written in app settings.</exception>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(RetentionOptions.FromConfiguration(builder.Configuration));
        return builder;
    }
}
