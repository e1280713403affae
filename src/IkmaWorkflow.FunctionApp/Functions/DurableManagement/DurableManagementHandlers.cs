using Azure;
using IkmaWorkflow.DurableTask;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>The handlers of the durable management API; <see cref="DurableManagementApi"/> maps them.</summary>
internal static class DurableManagementHandlers
{
    /// <summary>How long a client polling a running instance should wait, in seconds.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>The header carrying the token of the next page of a list, in both directions.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Instances per page of a list when <c>top</c> is absent.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The most instances one page of a list may hold.</summary>
    public const int MaxPageSize = 1000;

    /// <summary><c>POST /api/durable/orchestrators/{name}?instanceId=</c>: starts an instance with the JSON body as input.</summary>
    public static async Task<Results<Accepted<ManagementPayload>, ProblemHttpResult>> StartAsync(
        string name,
        [FromQuery] string? instanceId,
        HttpRequest request,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        try
        {
            _ = services.Registry.NewestVersion(name);
        }
        catch (ArgumentException)
        {
            return ManagementProblems.OrchestratorNotRegistered(name);
        }

        var (input, problem) = await ManagementRequest.ReadJsonBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var options = new StartOrchestrationOptions(string.IsNullOrEmpty(instanceId) ? null : instanceId);
            var id = await services.Client.ScheduleNewOrchestrationInstanceAsync(name, input, options, cancellationToken);
            ManagementLog.InstanceStarted(services.Logger, name, id);
            var payload = DurableManagementUrls.Create(request, id);
            return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
        }
        catch (OrchestrationInstanceException ex)
        {
            return ManagementProblems.ForInstance(ex, "start", "memulai");
        }
    }

    /// <summary>
    /// <c>GET /api/durable/instances/{instanceId}?showHistory=&amp;showHistoryOutput=&amp;showInput=</c>: 202 with
    /// <c>Location</c> and <c>Retry-After</c> while the instance runs, 200 once it has finished.
    /// </summary>
    public static async Task<Results<Ok<InstanceStatus>, Accepted<InstanceStatus>, ProblemHttpResult>> GetStatusAsync(
        string instanceId,
        [FromQuery] string? showHistory,
        [FromQuery] string? showHistoryOutput,
        [FromQuery] string? showInput,
        HttpContext context,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        if (!ManagementRequest.TryFlag(nameof(showHistory), showHistory, false, out var withHistory, out var problem)
            || !ManagementRequest.TryFlag(nameof(showHistoryOutput), showHistoryOutput, false, out var withHistoryOutput, out problem)
            || !ManagementRequest.TryFlag(nameof(showInput), showInput, true, out var withInput, out problem))
        {
            return problem!;
        }

        try
        {
            var instance = await services.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is null)
            {
                return ManagementProblems.InstanceNotFound(instanceId);
            }

            var status = InstanceStatus.From(instance, withInput);
            if (withHistory)
            {
                var history = await services.Client.GetHistoryAsync(instanceId, cancellationToken);
                status = status with { HistoryEvents = HistoryEventView.From(history, withHistoryOutput) };
            }

            if (instance.IsRunning)
            {
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                return TypedResults.Accepted(DurableManagementUrls.StatusUri(context.Request, instanceId), status);
            }

            return TypedResults.Ok(status);
        }
        catch (OrchestrationInstanceException ex)
        {
            return ManagementProblems.ForInstance(ex, "read", "membaca");
        }
    }

    /// <summary>
    /// <c>GET /api/durable/instances?runtimeStatus=&amp;createdTimeFrom=&amp;createdTimeTo=&amp;name=&amp;top=&amp;continuationToken=</c>:
    /// one page of instances; the next page's token is in the <c>x-ms-continuation-token</c> response header.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<InstanceStatus>>, ProblemHttpResult>> ListAsync(
        [FromQuery] string? runtimeStatus,
        [FromQuery] string? createdTimeFrom,
        [FromQuery] string? createdTimeTo,
        [FromQuery] string? name,
        [FromQuery] string? top,
        [FromQuery] string? continuationToken,
        [FromQuery] string? showInput,
        HttpContext context,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        if (!ManagementRequest.TryStatuses(nameof(runtimeStatus), runtimeStatus, out var statuses, out var problem)
            || !ManagementRequest.TryTime(nameof(createdTimeFrom), createdTimeFrom, out var from, out problem)
            || !ManagementRequest.TryTime(nameof(createdTimeTo), createdTimeTo, out var to, out problem)
            || !ManagementRequest.TryNumber(nameof(top), top, DefaultPageSize, 1, MaxPageSize, out var pageSize, out problem)
            || !ManagementRequest.TryFlag(nameof(showInput), showInput, true, out var withInput, out problem))
        {
            return problem!;
        }

        if (from is not null && to is not null && from >= to)
        {
            return ManagementProblems.InvalidQueryParameter(nameof(createdTimeTo), createdTimeTo!, "it must be later than createdTimeFrom", "nilainya harus lebih lambat dari createdTimeFrom");
        }

        var headerToken = context.Request.Headers[ContinuationHeader].ToString();
        var token = headerToken.Length > 0 ? headerToken : string.IsNullOrEmpty(continuationToken) ? null : continuationToken;
        var query = new OrchestrationQuery
        {
            Statuses = statuses,
            CreatedFrom = from,
            CreatedTo = to,
            Name = string.IsNullOrEmpty(name) ? null : name,
            PageSize = pageSize,
            ContinuationToken = token,
            FetchInputsAndOutputs = true,
        };

        OrchestrationQueryPage page;
        try
        {
            page = await services.Client.QueryInstancesAsync(query, cancellationToken);
        }
        catch (RequestFailedException ex) when (token is not null && ex.Status == StatusCodes.Status400BadRequest)
        {
            return ManagementProblems.InvalidContinuationToken();
        }

        if (page.ContinuationToken is { } next)
        {
            context.Response.Headers[ContinuationHeader] = next;
        }

        return TypedResults.Ok<IReadOnlyList<InstanceStatus>>([.. page.Instances.Select(i => InstanceStatus.From(i, withInput))]);
    }

    /// <summary><c>POST /api/durable/instances/{instanceId}/raiseEvent/{eventName}</c>: sends the JSON body as event <paramref name="eventName"/>.</summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId,
        string eventName,
        HttpRequest request,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        var (payload, problem) = await ManagementRequest.ReadJsonBodyAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            await services.Client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
            ManagementLog.EventRaised(services.Logger, eventName, instanceId);
            return TypedResults.Accepted(DurableManagementUrls.StatusUri(request, instanceId));
        }
        catch (OrchestrationInstanceException ex)
        {
            return ManagementProblems.ForInstance(ex, "raise an event on", "mengirim event ke");
        }
    }

    /// <summary>
    /// <c>POST /api/durable/instances/{instanceId}/terminate?reason=&amp;recursive=</c>: terminates a running instance
    /// (a finished one is left as it is).
    /// </summary>
    public static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string instanceId,
        [FromQuery] string? reason,
        [FromQuery] string? recursive,
        HttpRequest request,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        if (!ManagementRequest.TryFlag(nameof(recursive), recursive, false, out var withChildren, out var problem))
        {
            return problem!;
        }

        return await ControlAsync(
            request,
            instanceId,
            () => services.Client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason, withChildren), cancellationToken),
            () => ManagementLog.TerminateRequested(services.Logger, instanceId, withChildren, reason),
            "terminate",
            "menghentikan");
    }

    /// <summary><c>POST /api/durable/instances/{instanceId}/suspend?reason=</c>: suspends a running instance.</summary>
    public static Task<Results<Accepted, ProblemHttpResult>> SuspendAsync(
        string instanceId,
        [FromQuery] string? reason,
        HttpRequest request,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken) =>
        ControlAsync(
            request,
            instanceId,
            () => services.Client.SuspendInstanceAsync(instanceId, reason, cancellationToken),
            () => ManagementLog.SuspendRequested(services.Logger, instanceId, reason),
            "suspend",
            "menangguhkan");

    /// <summary><c>POST /api/durable/instances/{instanceId}/resume?reason=</c>: resumes a suspended instance.</summary>
    public static Task<Results<Accepted, ProblemHttpResult>> ResumeAsync(
        string instanceId,
        [FromQuery] string? reason,
        HttpRequest request,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken) =>
        ControlAsync(
            request,
            instanceId,
            () => services.Client.ResumeInstanceAsync(instanceId, reason, cancellationToken),
            () => ManagementLog.ResumeRequested(services.Logger, instanceId, reason),
            "resume",
            "melanjutkan");

    /// <summary><c>DELETE /api/durable/instances/{instanceId}</c>: deletes the instance's state, history and payloads.</summary>
    public static async Task<Results<Ok<PurgeResponse>, ProblemHttpResult>> PurgeAsync(
        string instanceId,
        [AsParameters] ManagementServices services,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await services.Client.PurgeInstanceAsync(instanceId, cancellationToken);
            if (result.PurgedInstanceCount == 0)
            {
                return ManagementProblems.InstanceNotFound(instanceId);
            }

            ManagementLog.InstancePurged(services.Logger, instanceId);
            return TypedResults.Ok(new PurgeResponse(result.PurgedInstanceCount));
        }
        catch (OrchestrationInstanceException ex)
        {
            return ManagementProblems.ForInstance(ex, "purge", "menghapus");
        }
    }

    /// <summary>Runs a control request on an instance: 202 with its status address, or the problem with the instance.</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> ControlAsync(
        HttpRequest request, string instanceId, Func<Task> control, Action log, string englishVerb, string indonesianVerb)
    {
        try
        {
            await control();
            log();
            return TypedResults.Accepted(DurableManagementUrls.StatusUri(request, instanceId));
        }
        catch (OrchestrationInstanceException ex)
        {
            return ManagementProblems.ForInstance(ex, englishVerb, indonesianVerb);
        }
    }
}

/// <summary>The answer to a purge.</summary>
/// <param name="InstancesDeleted">How many instances were deleted.</param>
public sealed record PurgeResponse(int InstancesDeleted);
