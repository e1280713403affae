using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.CustomHandler;
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
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Programmes;

/// <summary>
/// The programme API: the forms partners submit and the reads they need, under <c>/api</c>. Each endpoint is an
/// HTTP function whose <c>function.json</c> is in the function app's <c>Functions/&lt;Name&gt;/</c>; its name is
/// the endpoint name given here.
/// </summary>
public static class ProgrammesApi
{
    /// <summary>The app setting naming the prefix of the record tables and containers (default <c>ikma</c>).</summary>
    public const string PrefixSetting = "Records:Prefix";

    /// <summary>Every function of the API: name, method and route (under <c>/api</c>).</summary>
    public static IReadOnlyList<(string Name, string Method, string Route)> Functions { get; } =
    [
        ("OrganisationRegister", "post", "organisations"),
        ("OrganisationList", "get", "organisations"),
        ("OrganisationRotateKey", "post", "organisations/{id}/api-key"),
        ("PersonAdd", "post", "organisations/{id}/people"),
        ("PersonList", "get", "organisations/{id}/people"),
        ("MouRegister", "post", "mous"),
        ("MouList", "get", "mous"),
        ("LetterSubmit", "post", "letters"),
        ("LetterList", "get", "letters"),
        ("ProgrammeOpen", "post", "programmes"),
        ("ProgrammeList", "get", "programmes"),
        ("ProgrammeGet", "get", "programmes/{id}"),
        ("ProgrammeAttachLetter", "post", "programmes/{id}/letter"),
        ("ProgrammePlan", "post", "programmes/{id}/plan"),
        ("ParticipantEnrol", "post", "programmes/{id}/participants"),
        ("ParticipantList", "get", "programmes/{id}/participants"),
        ("ParticipantEnrolCsv", "post", "programmes/{id}/participants/csv"),
        ("EnrolmentClose", "post", "programmes/{id}/enrolment/close"),
        ("AttendanceRecord", "post", "programmes/{id}/attendance"),
        ("AttendanceList", "get", "programmes/{id}/attendance"),
        ("DocumentUpload", "post", "programmes/{id}/documents"),
        ("DocumentList", "get", "programmes/{id}/documents"),
        ("AssessmentSubmit", "post", "programmes/{id}/assessments"),
        ("ClosingReportSubmit", "post", "programmes/{id}/closing-report"),
        ("CertificateList", "get", "programmes/{id}/certificates"),
        ("CertificateDownload", "get", "programmes/{id}/certificates/{number}/pdf"),
        ("CertificateRevoke", "post", "certificates/{number}/revoke"),
        ("CertificateReissue", "post", "certificates/{number}/reissue"),
        ("CertificateVerify", "get", "verify/{number}"),
        ("ParticipantRelease", "post", "programmes/{id}/participants/{participantId}/release"),
        ("FollowUpReport", "post", "programmes/{id}/participants/{participantId}/follow-ups/{months}"),
        ("FollowUpList", "get", "programmes/{id}/follow-ups"),
        ("ProgrammeReport", "get", "programmes/{id}/report"),
        ("OutcomeReport", "get", "reports/outcomes"),
        ("IdentityCorrect", "post", "programmes/{id}/participants/{participantId}/identity"),
        ("PersonalDataExport", "get", "programmes/{id}/participants/{participantId}/personal-data"),
        ("PersonalDataErase", "post", "programmes/{id}/participants/{participantId}/erasure"),
    ];

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
    /// <exception cref="FunctionAppConfigurationException">The record prefix or a certificate setting is not usable.</exception>
    public static IHostApplicationBuilder AddProgrammes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var prefix = builder.Configuration[PrefixSetting] ?? "ikma";
        if (!RecordStore.IsValidPrefix(prefix))
        {
            throw new FunctionAppConfigurationException("Records__Prefix", $"'{prefix}' cannot start table and container names: use 1 to 20 lower-case letters and digits, starting with a letter.");
        }

        ProgrammeWorkflowOptions workflow;
        try
        {
            workflow = builder.Configuration.GetSection(ProgrammeWorkflowOptions.SectionName).Get<ProgrammeWorkflowOptions>() ?? new ProgrammeWorkflowOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new FunctionAppConfigurationException("Programmes__ReminderInterval", $"a Programmes__ setting cannot be read ({ex.InnerException?.Message ?? ex.Message}); durations are written like 7.00:00:00, counts as whole numbers.");
        }

        if (workflow.Validate() is { } invalid)
        {
            throw new FunctionAppConfigurationException(invalid.Key, invalid.Problem);
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
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(sp => new RecordStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<BlobServiceClient>(), prefix));
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton<CertificateIssuer>();
        return builder;
    }

    /// <summary>
    /// Maps the API behind authentication, except the public certificate verification; forms (POST) are also
    /// idempotent. Call it before <c>MapCustomHandler</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser())
            .AddEndpointFilter<StorageFailureFilter>();
        var forms = api.MapGroup(string.Empty).AddEndpointFilter<IdempotencyFilter>();

        forms.MapPost("/organisations", OrganisationEndpoints.RegisterAsync).WithName("OrganisationRegister");
        api.MapGet("/organisations", OrganisationEndpoints.ListAsync).WithName("OrganisationList");
        forms.MapPost("/organisations/{id}/api-key", OrganisationEndpoints.RotateKeyAsync).WithName("OrganisationRotateKey");
        forms.MapPost("/organisations/{id}/people", OrganisationEndpoints.AddPersonAsync).WithName("PersonAdd");
        api.MapGet("/organisations/{id}/people", OrganisationEndpoints.ListPeopleAsync).WithName("PersonList");
        forms.MapPost("/mous", MouEndpoints.RegisterAsync).WithName("MouRegister").DisableAntiforgery();
        api.MapGet("/mous", MouEndpoints.ListAsync).WithName("MouList");
        forms.MapPost("/letters", LetterEndpoints.SubmitAsync).WithName("LetterSubmit").DisableAntiforgery();
        api.MapGet("/letters", LetterEndpoints.ListAsync).WithName("LetterList");
        forms.MapPost("/programmes", ProgrammeEndpoints.OpenAsync).WithName("ProgrammeOpen");
        api.MapGet("/programmes", ProgrammeEndpoints.ListAsync).WithName("ProgrammeList");
        api.MapGet("/programmes/{id}", ProgrammeEndpoints.GetAsync).WithName("ProgrammeGet");
        forms.MapPost("/programmes/{id}/letter", ProgrammeEndpoints.AttachLetterAsync).WithName("ProgrammeAttachLetter");
        forms.MapPost("/programmes/{id}/plan", ProgrammeEndpoints.PlanAsync).WithName("ProgrammePlan");
        forms.MapPost("/programmes/{id}/participants", EnrolmentEndpoints.EnrolAsync).WithName("ParticipantEnrol");
        api.MapGet("/programmes/{id}/participants", EnrolmentEndpoints.ListAsync).WithName("ParticipantList");
        forms.MapPost("/programmes/{id}/participants/csv", EnrolmentEndpoints.EnrolCsvAsync).WithName("ParticipantEnrolCsv").DisableAntiforgery();
        forms.MapPost("/programmes/{id}/enrolment/close", ProgrammeEndpoints.CloseEnrolmentAsync).WithName("EnrolmentClose");
        forms.MapPost("/programmes/{id}/attendance", AttendanceEndpoints.RecordAsync).WithName("AttendanceRecord");
        api.MapGet("/programmes/{id}/attendance", AttendanceEndpoints.ListAsync).WithName("AttendanceList");
        forms.MapPost("/programmes/{id}/documents", DocumentEndpoints.UploadAsync).WithName("DocumentUpload").DisableAntiforgery();
        api.MapGet("/programmes/{id}/documents", DocumentEndpoints.ListAsync).WithName("DocumentList");
        forms.MapPost("/programmes/{id}/assessments", ResultEndpoints.SubmitAssessmentsAsync).WithName("AssessmentSubmit");
        forms.MapPost("/programmes/{id}/closing-report", ResultEndpoints.SubmitClosingReportAsync).WithName("ClosingReportSubmit");
        api.MapGet("/programmes/{id}/certificates", CertificateEndpoints.ListAsync).WithName("CertificateList");
        api.MapGet("/programmes/{id}/certificates/{number}/pdf", CertificateEndpoints.DownloadAsync).WithName("CertificateDownload");
        forms.MapPost("/certificates/{number}/revoke", CertificateEndpoints.RevokeAsync).WithName("CertificateRevoke");
        forms.MapPost("/certificates/{number}/reissue", CertificateEndpoints.ReissueAsync).WithName("CertificateReissue");

        forms.MapPost("/programmes/{id}/participants/{participantId}/release", FollowUpEndpoints.ReleaseAsync).WithName("ParticipantRelease");
        forms.MapPost("/programmes/{id}/participants/{participantId}/follow-ups/{months}", FollowUpEndpoints.ReportAsync).WithName("FollowUpReport");
        api.MapGet("/programmes/{id}/follow-ups", FollowUpEndpoints.ListAsync).WithName("FollowUpList");
        api.MapGet("/programmes/{id}/report", ReportEndpoints.ProgrammeAsync).WithName("ProgrammeReport");
        api.MapGet("/reports/outcomes", ReportEndpoints.OutcomesAsync).WithName("OutcomeReport");
        forms.MapPost("/programmes/{id}/participants/{participantId}/identity", PersonalDataEndpoints.CorrectAsync).WithName("IdentityCorrect");
        api.MapGet("/programmes/{id}/participants/{participantId}/personal-data", PersonalDataEndpoints.ExportAsync).WithName("PersonalDataExport");
        forms.MapPost("/programmes/{id}/participants/{participantId}/erasure", PersonalDataEndpoints.EraseAsync).WithName("PersonalDataErase");

        // Anyone holding a certificate (or its QR code) may check it: no key, but the same storage-failure answer.
        var open = endpoints.MapGroup("/api").AddEndpointFilter<StorageFailureFilter>();
        open.MapGet("/verify/{number}", CertificateEndpoints.VerifyAsync).WithName("CertificateVerify").AllowAnonymous();
        return endpoints;
    }
}
