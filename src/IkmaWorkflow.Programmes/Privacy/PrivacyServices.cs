using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>
/// Personal data: the encryption key of names and contacts, and the retention settings. The functions (requests, the
/// nightly purge, the audit log read) are in the function app.
/// </summary>
public static class PrivacyServices
{
    /// <summary>
    /// Reads and checks <c>PersonalData__EncryptionKey</c> (and the previous key) and the <c>Retention__*</c>
    /// settings and registers them. Without a key the app runs only on development storage, with a fixed development
    /// key and a warning at start.
    /// </summary>
    /// <exception cref="AppSettingException">A setting is not usable; the message names it as written in app settings.</exception>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The identity-based form (an account name or the service addresses) is never development storage, whatever
        // connection string sits beneath it (the app's defaults always supply UseDevelopmentStorage=true).
        var storage = builder.Configuration.GetSection("AzureWebJobsStorage");
        var account = storage["accountName"] ?? storage["tableServiceUri"] ?? storage["blobServiceUri"] ?? storage["queueServiceUri"];
        var developmentStorage = PersonalDataCipher.IsDevelopmentStorage(storage.Value, account);
        var cipher = PersonalDataCipher.FromConfiguration(builder.Configuration, developmentStorage, out var usesDevelopmentKey);
        builder.Services.AddSingleton(cipher);
        if (usesDevelopmentKey)
        {
            builder.Services.AddHostedService<DevelopmentKeyWarning>();
        }

        builder.Services.AddSingleton(RetentionOptions.FromConfiguration(builder.Configuration));
        return builder;
    }

    /// <summary>Says once at start that names and contacts are sealed with the development key.</summary>
    private sealed class DevelopmentKeyWarning(ILogger<PersonalDataCipher> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            PrivacyLog.DevelopmentKey(logger, PersonalDataCipher.KeySetting);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
