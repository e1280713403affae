using IkmaWorkflow.FunctionApp.Api;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The durable management API: Durable Functions' HTTP API for orchestration instances under <c>/api/durable</c>, on
/// the <see cref="DurableTaskClient"/> the host binds, open only to callers with the operator key
/// (docs/durable-management-api.md). Each function binds the request, lets <see cref="ApiCalls.OperatorAsync"/> check
/// the key, and hands over to <see cref="DurableManagementEndpoints"/>.
/// </summary>
/// <param name="api">The operator key check every call goes through.</param>
/// <param name="logger">The API's log (<see cref="ManagementLog"/>).</param>
/// <param name="orchestrators">
/// The orchestrators <c>DurableStart</c> may start; by default the app's own <c>[OrchestrationTrigger]</c> functions
/// (<see cref="OrchestratorNames.App"/>). Tests pass the orchestrators of their own test host.
/// </param>
public sealed class DurableManagementFunctions(ApiCalls api, ILogger<DurableManagementFunctions> logger, OrchestratorNames? orchestrators = null)
{
    /// <summary><c>POST durable/orchestrators/{name}</c>.</summary>
    public const string StartFunction = "DurableStart";

    /// <summary><c>GET durable/instances</c>.</summary>
    public const string ListFunction = "DurableList";

    /// <summary><c>GET durable/instances/{instanceId}</c>.</summary>
    public const string StatusFunction = "DurableStatus";

    /// <summary><c>DELETE durable/instances/{instanceId}</c>.</summary>
    public const string PurgeFunction = "DurablePurge";

    /// <summary><c>POST durable/instances/{instanceId}/raiseEvent/{eventName}</c>.</summary>
    public const string RaiseEventFunction = "DurableRaiseEvent";

    /// <summary><c>POST durable/instances/{instanceId}/terminate</c>.</summary>
    public const string TerminateFunction = "DurableTerminate";

    /// <summary><c>POST durable/instances/{instanceId}/suspend</c>.</summary>
    public const string SuspendFunction = "DurableSuspend";

    /// <summary><c>POST durable/instances/{instanceId}/resume</c>.</summary>
    public const string ResumeFunction = "DurableResume";

    private readonly OrchestratorNames _orchestrators = orchestrators ?? OrchestratorNames.App;

    /// <summary><c>POST /api/durable/orchestrators/{name}?instanceId=</c>: starts an instance with the JSON body as input.</summary>
    [Function(StartFunction)]
    public Task<IResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durable/orchestrators/{name}")] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.StartAsync(request, name, client, _orchestrators, logger, cancellationToken));

    /// <summary>
    /// <c>GET /api/durable/instances?runtimeStatus=&amp;createdTimeFrom=&amp;createdTimeTo=&amp;name=&amp;top=&amp;continuationToken=&amp;showInput=</c>:
    /// one page of instances; the next page's token is in the <c>x-ms-continuation-token</c> response header.
    /// </summary>
    [Function(ListFunction)]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "durable/instances")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.ListAsync(request, client, logger, cancellationToken));

    /// <summary>
    /// <c>GET /api/durable/instances/{instanceId}?showHistory=&amp;showHistoryOutput=&amp;showInput=</c>: 202 with
    /// <c>Location</c> and <c>Retry-After</c> while the instance runs, 200 once it has finished.
    /// </summary>
    [Function(StatusFunction)]
    public Task<IResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "durable/instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.StatusAsync(request, instanceId, client, logger, cancellationToken));

    /// <summary><c>DELETE /api/durable/instances/{instanceId}</c>: deletes a finished instance's state and history.</summary>
    [Function(PurgeFunction)]
    public Task<IResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "durable/instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.PurgeAsync(request, instanceId, client, logger, cancellationToken));

    /// <summary><c>POST /api/durable/instances/{instanceId}/raiseEvent/{eventName}</c>: sends the JSON body as event <paramref name="eventName"/>.</summary>
    [Function(RaiseEventFunction)]
    public Task<IResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durable/instances/{instanceId}/raiseEvent/{eventName}")] HttpRequest request,
        string instanceId,
        string eventName,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.RaiseEventAsync(request, instanceId, eventName, client, logger, cancellationToken));

    /// <summary><c>POST /api/durable/instances/{instanceId}/terminate?reason=&amp;recursive=</c>: terminates a running instance.</summary>
    [Function(TerminateFunction)]
    public Task<IResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durable/instances/{instanceId}/terminate")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.TerminateAsync(request, instanceId, client, logger, cancellationToken));

    /// <summary><c>POST /api/durable/instances/{instanceId}/suspend?reason=</c>: suspends a running instance.</summary>
    [Function(SuspendFunction)]
    public Task<IResult> SuspendAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durable/instances/{instanceId}/suspend")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.SuspendAsync(request, instanceId, client, logger, cancellationToken));

    /// <summary><c>POST /api/durable/instances/{instanceId}/resume?reason=</c>: resumes a suspended instance.</summary>
    [Function(ResumeFunction)]
    public Task<IResult> ResumeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "durable/instances/{instanceId}/resume")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        api.OperatorAsync(request, OperatorApi.DurableManagement, () => DurableManagementEndpoints.ResumeAsync(request, instanceId, client, logger, cancellationToken));
}
