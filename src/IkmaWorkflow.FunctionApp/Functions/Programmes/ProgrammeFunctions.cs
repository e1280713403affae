using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Programmes;

/// <summary>A programme from opening to its training week: open, attach the activity letter, plan, close enrolment; and reading programmes.</summary>
public sealed class ProgrammeFunctions(ApiCalls api, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    /// <summary><c>POST /api/programmes</c> (coordinators): opens a programme, which then waits for its activity letter.</summary>
    [Function("ProgrammeOpen")]
    public Task<IResult> OpenAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => ProgrammeRequests.OpenAsync(caller, body, store, time, new ProgrammeSignals(client, signalLog), cancellationToken));

    /// <summary><c>GET /api/programmes</c>: the programmes the caller takes part in (coordinators: all).</summary>
    [Function("ProgrammeList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, async caller => await ProgrammeRequests.ListAsync(caller, store, time, cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /api/programmes/{id}</c>.</summary>
    [Function("ProgrammeGet")]
    public Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => ProgrammeRequests.GetAsync(id, caller, store, time, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/letter</c> (coordinators).</summary>
    [Function("ProgrammeAttachLetter")]
    public Task<IResult> AttachLetterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/letter")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => ProgrammeRequests.AttachLetterAsync(id, caller, body, store, time, new ProgrammeSignals(client, signalLog), cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/plan</c> (coordinators, facility): tracks, quotas, trainers, dates.</summary>
    [Function("ProgrammePlan")]
    public Task<IResult> PlanAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/plan")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => ProgrammeRequests.PlanAsync(id, caller, body, store, time, new ProgrammeSignals(client, signalLog), cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/enrolment/close</c> (coordinators, facility).</summary>
    [Function("EnrolmentClose")]
    public Task<IResult> CloseEnrolmentAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/enrolment/close")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, caller => ProgrammeRequests.CloseEnrolmentAsync(id, caller, store, time, new ProgrammeSignals(client, signalLog), cancellationToken));
}
