using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>Registers the email outbox and the transport it sends through: SendGrid with a key, else the <c>emails</c> blob container.</summary>
public static partial class NotificationServices
{
    /// <summary>Reads and checks the <c>SendGrid__*</c> and <c>EmailOutbox__*</c> settings and registers the outbox.</summary>
    /// <exception cref="AppSettingException">A setting is not usable; the message names it.</exception>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sendGrid = Bind<SendGridOptions>(builder.Configuration, SendGridOptions.SectionName);
        if (sendGrid.Validate() is { } sendGridProblem)
        {
            throw new AppSettingException(sendGridProblem.Key, sendGridProblem.Problem);
        }

        var outbox = Bind<EmailOutboxOptions>(builder.Configuration, EmailOutboxOptions.SectionName);
        if (outbox.Validate(sendGrid.Timeout) is { } outboxProblem)
        {
            throw new AppSettingException(outboxProblem.Key, outboxProblem.Problem);
        }

        var services = builder.Services;
        services.AddSingleton(sendGrid);
        services.AddSingleton(outbox);
        services.AddSingleton<QueueMessageWriter>();
        services.AddSingleton(sp => new EmailOutbox(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<QueueMessageWriter>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PersonalDataCipher>()));
        services.AddSingleton<EmailTransport>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NotificationServices));
            if (sendGrid.IsConfigured)
            {
                LogSendingThroughSendGrid(logger, sendGrid.Host, sendGrid.FromEmail);
                return new SendGridTransport(SendGridTransport.CreateClient(sendGrid), sendGrid, sp.GetRequiredService<TimeProvider>());
            }

            LogWritingToContainer(logger, EmailStorageNames.Default.ContainerName);
            return new BlobMailbox(sp.GetRequiredService<BlobServiceClient>(), sendGrid);
        });
        services.AddSingleton<EmailSender>();
        return builder;
    }

    // Binds a section; a value of the wrong type stops the app naming the key as users write it (Section__Key).
    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            var key = System.Text.RegularExpressions.Regex.Match(ex.Message, " at '([^']+)'").Groups[1].Value;
            var value = key.Length > 0 ? configuration[key] : null;
            throw new AppSettingException(
                key.Length > 0 ? key.Replace(":", "__", StringComparison.Ordinal) : section,
                $"\"{value}\" is not a valid value: durations are written like \"00:00:30\", counts as whole numbers.",
                ex);
        }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Emails are sent through SendGrid at {Host} from {FromEmail}")]
    private static partial void LogSendingThroughSendGrid(ILogger logger, string host, string? fromEmail);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "No SendGrid key (SendGrid__ApiKey): emails are not sent but written to blob container '{Container}' and listed at GET /api/emails")]
    private static partial void LogWritingToContainer(ILogger logger, string container);
}
