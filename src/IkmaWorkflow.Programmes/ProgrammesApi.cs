using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Letters;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Reports;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes;

/// <summary>
/// The programme domain's services: the record store, the workflow's settings and activities, certificates. The
/// forms and reads that use them are HTTP functions of the function app, one per handler of this project.
/// </summary>
public static class ProgrammesApi
{
    /// <summary>The app setting naming the prefix of the record tables and containers (default <c>ikma</c>).</summary>
    public const string PrefixSetting = "Records:Prefix";

    /// <summary>
    /// Registers the record store (on the app's storage clients), the clock, the operator key, the certificate issuer,
    /// the workflow's activities (<see cref="WorkflowFunctions"/>) and the deadline check (<see cref="WakeUpScanner"/>,
    /// schedule setting <c>DeadlineSchedule</c>).
    /// </summary>
    /// <remarks>
    /// The services that call the durable client (<see cref="ProgrammeSignals"/>, <c>MouWatcher</c>, <c>FollowUpScanner</c>,
    /// <c>PersonalDataEraser</c>) are not registered: a function gets the client through <c>[DurableClient]</c> and makes
    /// them with it.
    /// </remarks>
    /// <exception cref="AppSettingException">The record prefix or a certificate setting is not usable.</exception>
    public static IHostApplicationBuilder AddProgrammes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var prefix = builder.Configuration[PrefixSetting] ?? "ikma";
        if (!RecordStore.IsValidPrefix(prefix))
        {
            throw new AppSettingException("Records__Prefix", $"'{prefix}' cannot start table and container names: use 1 to 20 lower-case letters and digits, starting with a letter.");
        }

        ProgrammeWorkflowOptions workflow;
        try
        {
            workflow = builder.Configuration.GetSection(ProgrammeWorkflowOptions.SectionName).Get<ProgrammeWorkflowOptions>() ?? new ProgrammeWorkflowOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new AppSettingException("Programmes__ReminderInterval", $"a Programmes__ setting cannot be read ({ex.InnerException?.Message ?? ex.Message}); durations are written like 7.00:00:00, counts as whole numbers.");
        }

        if (workflow.Validate() is { } invalid)
        {
            throw new AppSettingException(invalid.Key, invalid.Problem);
        }

        builder.Services.AddSingleton(workflow);
        builder.Services.AddWorkflowActivities();
        builder.AddWakeUps();
        var certificates = CertificateOptions.FromConfiguration(builder.Configuration);
        // The real clock only when the host registered no other (a demo clock replaces it): the one place it is named.
#pragma warning disable RS0030
        builder.Services.TryAddSingleton(TimeProvider.System);
#pragma warning restore RS0030
        builder.Services.TryAddSingleton(OperatorKey.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(sp => new RecordStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<BlobServiceClient>(), prefix, sp.GetRequiredService<PersonalDataCipher>()));
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton<CertificateIssuer>();
        return builder;
    }
}
