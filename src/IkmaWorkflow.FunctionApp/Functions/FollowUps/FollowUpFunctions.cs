using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.FollowUps;

/// <summary>Follow-up after release: release reports, the probation office's outcome at each checkpoint, and the daily scan that starts the checkpoints that are due.</summary>
public sealed class FollowUpFunctions(ApiCalls api, RecordStore store, FollowUpOptions options, TimeProvider time, ILoggerFactory loggers, IServiceProvider services)
{
    /// <summary>The app setting holding the scan's schedule (six-field NCRONTAB, UTC).</summary>
    public const string ScheduleSetting = "FollowUpSchedule";

    /// <summary>08:00 WIB daily.</summary>
    public const string DefaultSchedule = "0 0 1 * * *";

    /// <summary><c>POST /api/programmes/{id}/participants/{participantId}/release</c>: a release date; schedules the checkpoints.</summary>
    [Function("ParticipantRelease")]
    public Task<IResult> ReleaseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants/{participantId}/release")] HttpRequest request, string id, string participantId, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => FollowUpRequests.ReleaseAsync(id, participantId, caller, body, store, options, time, loggers, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/participants/{participantId}/follow-ups/{months}</c>: the outcome at a checkpoint.</summary>
    [Function("FollowUpReport")]
    public Task<IResult> ReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants/{participantId}/follow-ups/{months}")] HttpRequest request, string id, string participantId, string months, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => FollowUpRequests.ReportAsync(id, participantId, months, caller, body, store, client, time, loggers, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/follow-ups</c>.</summary>
    [Function("FollowUpList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/follow-ups")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => FollowUpRequests.ListAsync(id, caller, store, cancellationToken));

    /// <summary>Daily (<c>%FollowUpSchedule%</c>, UTC): starts the follow-up of every checkpoint that has come due on the app's clock.</summary>
    [Function("FollowUpScan")]
    public Task ScanAsync([TimerTrigger("%FollowUpSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ActivatorUtilities.CreateInstance<FollowUpScanner>(services, client).RunAsync(cancellationToken);
}
