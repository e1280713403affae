using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Privacy;

/// <summary>Personal-data requests (correction, access, erasure) and the nightly retention purge.</summary>
public sealed class PrivacyFunctions(ApiCalls api, RecordStore store, TimeProvider time, ILoggerFactory loggers, IServiceProvider services)
{
    /// <summary>The app setting holding the purge's schedule (six-field NCRONTAB, UTC).</summary>
    public const string ScheduleSetting = "RetentionSchedule";

    /// <summary>02:00 WIB daily.</summary>
    public const string DefaultSchedule = "0 0 19 * * *";

    /// <summary><c>POST /api/programmes/{id}/participants/{participantId}/identity</c>: corrects a name or contact, or withdraws consent.</summary>
    [Function("IdentityCorrect")]
    public Task<IResult> CorrectAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants/{participantId}/identity")] HttpRequest request, string id, string participantId, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => PersonalDataRequests.CorrectAsync(id, participantId, caller, body, request.Headers.IfMatch.ToString(), store, time, loggers, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/participants/{participantId}/personal-data</c> (coordinators): everything held on a person.</summary>
    [Function("PersonalDataExport")]
    public Task<IResult> ExportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/participants/{participantId}/personal-data")] HttpRequest request, string id, string participantId, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => PersonalDataRequests.ExportAsync(id, participantId, caller, store, time, loggers, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/participants/{participantId}/erasure</c> (coordinators).</summary>
    [Function("PersonalDataErase")]
    public Task<IResult> EraseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants/{participantId}/erasure")] HttpRequest request, string id, string participantId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => PersonalDataRequests.EraseAsync(id, participantId, caller, body, store, ActivatorUtilities.CreateInstance<PersonalDataEraser>(services, client), time, cancellationToken));

    /// <summary>Nightly (<c>%RetentionSchedule%</c>, UTC): removes personal data past its retention period.</summary>
    [Function("RetentionPurge")]
    public Task PurgeAsync([TimerTrigger("%RetentionSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var eraser = ActivatorUtilities.CreateInstance<PersonalDataEraser>(services, client);
        return ActivatorUtilities.CreateInstance<RetentionPurger>(services, eraser).RunAsync(cancellationToken);
    }
}
