using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The handlers behind <see cref="DurableManagementFunctions"/>, reached once the operator key has been checked: each
/// reads its query and body (<see cref="ManagementRequest"/>), runs the command (<see cref="InstanceCommands"/>) and
/// maps the outcome to an answer. A backend that does not answer becomes 503 here, for all of them.
/// </summary>
internal static class DurableManagementEndpoints
{
    /// <summary>How long a client polling a running instance should wait, in seconds.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>The header carrying the token of the next page of a list, in both directions.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Instances per page of a list when <c>top</c> is absent.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The most instances one page of a list may hold.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Starts orchestrator <paramref name="name"/> (any case) with the body as input.</summary>
    public static Task<IResult> StartAsync(HttpRequest request, string name, DurableTaskClient client, OrchestratorNames orchestrators, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (orchestrators.Find(name) is not { } orchestrator)
            {
                return ManagementProblems.OrchestratorNotRegistered(name);
            }

            var instanceId = request.Query["instanceId"].ToString();
            if (instanceId.Length > 0 && !ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var (input, problem) = await ManagementRequest.ReadJsonBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var (id, outcome) = await InstanceCommands.StartAsync(client, new TaskName(orchestrator), input, instanceId.Length > 0 ? instanceId : null, cancellationToken).ConfigureAwait(false);
            if (id is null)
            {
                return ManagementProblems.ForInstance(outcome, instanceId, "start", "memulai");
            }

            ManagementLog.InstanceStarted(logger, orchestrator, id);
            var payload = DurableManagementUrls.Create(request, id);
            return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
        });

    /// <summary>Reads one page of instances.</summary>
    public static Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            var query = request.Query;
            if (!ManagementRequest.TryStatuses("runtimeStatus", query["runtimeStatus"], out var statuses, out var problem)
                || !ManagementRequest.TryTime("createdTimeFrom", query["createdTimeFrom"], out var from, out problem)
                || !ManagementRequest.TryTime("createdTimeTo", query["createdTimeTo"], out var to, out problem)
                || !ManagementRequest.TryNumber("top", query["top"], DefaultPageSize, 1, MaxPageSize, out var pageSize, out problem)
                || !ManagementRequest.TryFlag("showInput", query["showInput"], true, out var withInput, out problem))
            {
                return problem!;
            }

            if (from is not null && to is not null && from >= to)
            {
                return ManagementProblems.InvalidQueryParameter("createdTimeTo", query["createdTimeTo"].ToString(), "it must be later than createdTimeFrom", "nilainya harus lebih lambat dari createdTimeFrom");
            }

            var headerToken = request.Headers[ContinuationHeader].ToString();
            var queryToken = query["continuationToken"].ToString();
            var token = headerToken.Length > 0 ? headerToken : queryToken.Length > 0 ? queryToken : null;
            var name = query["name"].ToString();
            var filter = new OrchestrationQuery
            {
                Statuses = statuses,
                CreatedFrom = from,
                CreatedTo = to,
                PageSize = pageSize,
                ContinuationToken = token,
                FetchInputsAndOutputs = true,
            };

            var page = await InstanceCommands.ListAsync(client, filter, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                return ManagementProblems.InvalidContinuationToken();
            }

            if (page.ContinuationToken is { Length: > 0 } next)
            {
                request.HttpContext.Response.Headers[ContinuationHeader] = next;
            }

            // The client's query has no name filter: the page is filtered here, so it may hold fewer than top.
            var instances = page.Values.Where(i => name.Length == 0 || string.Equals(i.Name, name, StringComparison.Ordinal));
            return TypedResults.Ok<IReadOnlyList<InstanceStatus>>([.. instances.Select(i => InstanceStatus.From(i, withInput))]);
        });

    /// <summary>Reads an instance's status, with its history when asked.</summary>
    public static Task<IResult> StatusAsync(HttpRequest request, string instanceId, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            var query = request.Query;
            if (!ManagementRequest.TryFlag("showHistory", query["showHistory"], false, out var withHistory, out var problem)
                || !ManagementRequest.TryFlag("showHistoryOutput", query["showHistoryOutput"], false, out var withHistoryOutput, out problem)
                || !ManagementRequest.TryFlag("showInput", query["showInput"], true, out var withInput, out problem))
            {
                return problem!;
            }

            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            if (instance is null)
            {
                return ManagementProblems.InstanceNotFound(instanceId);
            }

            var status = InstanceStatus.From(instance, withInput);
            if (withHistory)
            {
                var (history, outcome) = await InstanceCommands.HistoryAsync(client, instance, cancellationToken).ConfigureAwait(false);
                if (history is null)
                {
                    return ManagementProblems.ForInstance(outcome, instanceId, "read the history of", "membaca riwayat");
                }

                status = status with { HistoryEvents = HistoryEventView.From(history, withHistoryOutput) };
            }

            if (!instance.IsCompleted)
            {
                request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
                return TypedResults.Accepted(DurableManagementUrls.StatusUri(request, instanceId), status);
            }

            return TypedResults.Ok(status);
        });

    /// <summary>Deletes a finished instance's state and history.</summary>
    public static Task<IResult> PurgeAsync(HttpRequest request, string instanceId, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var (deleted, outcome) = await InstanceCommands.PurgeAsync(client, instanceId, cancellationToken).ConfigureAwait(false);
            if (outcome != InstanceOutcome.Done)
            {
                return ManagementProblems.ForInstance(outcome, instanceId, "purge", "menghapus");
            }

            ManagementLog.InstancePurged(logger, instanceId);
            return TypedResults.Ok(new PurgeResponse(deleted));
        });

    /// <summary>Sends the body as event <paramref name="eventName"/>.</summary>
    public static Task<IResult> RaiseEventAsync(HttpRequest request, string instanceId, string eventName, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var (payload, problem) = await ManagementRequest.ReadJsonBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var outcome = await InstanceCommands.RaiseEventAsync(client, instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
            if (outcome == InstanceOutcome.Done)
            {
                ManagementLog.EventRaised(logger, eventName, instanceId);
            }

            return Controlled(request, instanceId, outcome, "raise an event on", "mengirim event ke");
        });

    /// <summary>Terminates a running instance; a finished one is left as it is.</summary>
    public static Task<IResult> TerminateAsync(HttpRequest request, string instanceId, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (!ManagementRequest.TryFlag("recursive", request.Query["recursive"], false, out var recursive, out var problem))
            {
                return problem!;
            }

            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var reason = ManagementRequest.Reason(request);
            var outcome = await InstanceCommands.TerminateAsync(client, instanceId, reason, recursive, cancellationToken).ConfigureAwait(false);
            if (outcome is InstanceOutcome.Done or InstanceOutcome.Unchanged)
            {
                ManagementLog.TerminateRequested(logger, instanceId, recursive, reason);
            }

            return Controlled(request, instanceId, outcome, "terminate", "menghentikan");
        });

    /// <summary>Suspends a running instance; a suspended one is left as it is.</summary>
    public static Task<IResult> SuspendAsync(HttpRequest request, string instanceId, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var reason = ManagementRequest.Reason(request);
            var outcome = await InstanceCommands.SuspendAsync(client, instanceId, reason, cancellationToken).ConfigureAwait(false);
            if (outcome is InstanceOutcome.Done or InstanceOutcome.Unchanged)
            {
                ManagementLog.SuspendRequested(logger, instanceId, reason);
            }

            return Controlled(request, instanceId, outcome, "suspend", "menangguhkan");
        });

    /// <summary>Resumes a suspended instance; one that is not suspended is left as it is.</summary>
    public static Task<IResult> ResumeAsync(HttpRequest request, string instanceId, DurableTaskClient client, ILogger logger, CancellationToken cancellationToken) =>
        GuardAsync(request, logger, async () =>
        {
            if (!ManagementRequest.IsValidInstanceId(instanceId))
            {
                return ManagementProblems.InvalidInstanceId(instanceId);
            }

            var reason = ManagementRequest.Reason(request);
            var outcome = await InstanceCommands.ResumeAsync(client, instanceId, reason, cancellationToken).ConfigureAwait(false);
            if (outcome is InstanceOutcome.Done or InstanceOutcome.Unchanged)
            {
                ManagementLog.ResumeRequested(logger, instanceId, reason);
            }

            return Controlled(request, instanceId, outcome, "resume", "melanjutkan");
        });

    // 202 with the status address when the command was sent or had nothing to do, else the instance's problem.
    private static IResult Controlled(HttpRequest request, string instanceId, InstanceOutcome outcome, string actionEnglish, string actionIndonesian) =>
        outcome is InstanceOutcome.Done or InstanceOutcome.Unchanged
            ? TypedResults.Accepted(DurableManagementUrls.StatusUri(request, instanceId))
            : ManagementProblems.ForInstance(outcome, instanceId, actionEnglish, actionIndonesian);

    /// <summary>
    /// Answers 503 with a problem, instead of an empty 500, when the task hub's backend fails: under the Functions host
    /// the host's gRPC endpoint, standalone the in-process sidecar, and behind either the storage account. The gRPC
    /// client lets the server's status through as an <see cref="RpcException"/> (<c>Unavailable</c> when the endpoint
    /// does not answer, <c>Unknown</c> or <c>Internal</c> when storage failed behind it); for history it wraps
    /// <c>Internal</c> in an <see cref="InvalidOperationException"/>. A cancelled request is not a failure.
    /// </summary>
    private static async Task<IResult> GuardAsync(HttpRequest request, ILogger logger, Func<Task<IResult>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsBackendFailure(ex) && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            ManagementLog.StorageFailed(logger, ex, request.Method, request.Path, (ex as RpcException ?? ex.InnerException as RpcException)?.StatusCode.ToString() ?? "none");
            return ManagementProblems.StorageUnavailable();
        }
    }

    private static bool IsBackendFailure(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode != StatusCode.Cancelled,
        InvalidOperationException { InnerException: RpcException } => true,
        _ => false,
    };
}
