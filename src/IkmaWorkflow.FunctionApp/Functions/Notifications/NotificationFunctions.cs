using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.CustomHandler.Queues;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IkmaWorkflow.FunctionApp.Functions.Notifications;

/// <summary>
/// Email notifications in the function app (docs/notifications.md): the <c>SendEmail</c> queue function that drains the
/// outbox, and <c>GET /api/emails</c> and <c>GET /api/emails/{id}</c>, behind the operator key, that list the outbox.
/// </summary>
public static class NotificationFunctions
{
    /// <summary>The queue function that sends outbox emails (queue <c>email-outbox</c>).</summary>
    public const string SendFunction = "SendEmail";

    /// <summary><c>GET emails</c>.</summary>
    public const string ListFunction = "ListEmails";

    /// <summary><c>GET emails/{id}</c>.</summary>
    public const string GetFunction = "GetEmail";

    /// <summary>Every notification function, as named by its folder.</summary>
    public static IReadOnlyList<string> FunctionNames { get; } = [SendFunction, ListFunction, GetFunction];

    /// <summary>
    /// Reads and checks the <c>SendGrid</c> and <c>EmailOutbox</c> settings and registers the outbox, the transport
    /// (SendGrid with a key, the <c>emails</c> blob container without) and the <c>SendEmail</c> handler.
    /// </summary>
    /// <exception cref="FunctionAppConfigurationException">A setting is invalid; the message names it as written in app settings.</exception>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var sendGrid = Bind<SendGridOptions>(builder.Configuration, SendGridOptions.SectionName);
        if (sendGrid.Validate() is { } sendGridProblem)
        {
            throw new FunctionAppConfigurationException(sendGridProblem.Key, sendGridProblem.Problem);
        }

        var outbox = Bind<EmailOutboxOptions>(builder.Configuration, EmailOutboxOptions.SectionName);
        if (outbox.Validate(sendGrid.Timeout) is { } outboxProblem)
        {
            throw new FunctionAppConfigurationException(outboxProblem.Key, outboxProblem.Problem);
        }

        var services = builder.Services;
        services.AddSingleton(sendGrid);
        services.AddSingleton(outbox);
        services.TryAddSingleton(_ => OperatorKey.FromConfiguration(builder.Configuration));
        services.AddSingleton(sp => new EmailOutbox(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<QueueMessageWriter>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EmailTransport>(sp => sendGrid.IsConfigured
            ? new SendGridTransport(SendGridTransport.CreateClient(sendGrid), sendGrid, sp.GetRequiredService<TimeProvider>())
            : new BlobMailbox(sp.GetRequiredService<BlobServiceClient>(), sendGrid));
        services.AddSingleton<EmailSender>();
        services.AddTriggerFunction(SendFunction, (sp, invocation, cancellationToken) =>
            sp.GetRequiredService<EmailSender>().ProcessAsync(invocation.QueueMessage, cancellationToken));
        return builder;
    }

    /// <summary>Maps the email listing behind the operator key, and says in the log where emails go. Call it before <c>MapCustomHandler</c>.</summary>
    public static WebApplication MapNotifications(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var emails = app.MapGroup("/api/emails").RequireOperatorKey("emails", "The email listing", "Daftar email");
        emails.MapGet(string.Empty, EmailEndpoints.ListAsync).WithName(ListFunction);
        emails.MapGet("/{id}", EmailEndpoints.GetAsync).WithName(GetFunction);

        var sendGrid = app.Services.GetRequiredService<SendGridOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NotificationFunctions));
        if (sendGrid.IsConfigured)
        {
            EmailLog.SendingThroughSendGrid(logger, sendGrid.Host, sendGrid.FromEmail);
        }
        else
        {
            EmailLog.WritingToContainer(logger, EmailStorageNames.Default.ContainerName);
        }

        return app;
    }

    // Binds a section; a value of the wrong type stops the app naming the key as users write it (Section__Key).
    private static T Bind<T>(ConfigurationManager configuration, string section)
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
            throw new FunctionAppConfigurationException(
                key.Length > 0 ? key.Replace(":", "__", StringComparison.Ordinal) : section,
                $"\"{value}\" is not a valid value: durations are written like \"00:00:30\", counts as whole numbers.",
                ex);
        }
    }
}

/// <summary>The notification functions' log lines in the app, event ids 1210–1219.</summary>
internal static partial class EmailLog
{
    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Emails are sent through SendGrid at {Host} from {FromEmail}")]
    public static partial void SendingThroughSendGrid(ILogger logger, string host, string? fromEmail);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "No SendGrid key (SendGrid__ApiKey): emails are not sent but written to blob container '{Container}' and listed at GET /api/emails")]
    public static partial void WritingToContainer(ILogger logger, string container);


    [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "Email listing request {Method} {Path} failed: storage did not answer or refused it")]
    public static partial void StorageFailed(ILogger logger, Exception exception, string method, string path);
}
