using IkmaWorkflow.Programmes.Access;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>
/// The durable management API: Durable Functions' HTTP API for orchestration instances under <c>/api/durable</c>,
/// open only to callers with the operator key (docs/durable-management-api.md). Each endpoint is a function of its
/// own, named by a constant here, whose <c>function.json</c> is in <c>Functions/&lt;Name&gt;/</c>.
/// </summary>
public static class DurableManagementApi
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

    /// <summary>Every function of the API, as named by its folder.</summary>
    public static IReadOnlyList<string> FunctionNames { get; } =
        [StartFunction, ListFunction, StatusFunction, PurgeFunction, RaiseEventFunction, TerminateFunction, SuspendFunction, ResumeFunction];

    /// <summary>Reads the operator key from app setting <c>OperatorKey</c>; an absent key switches the API off (503).</summary>
    /// <exception cref="CustomHandler.FunctionAppConfigurationException">The key is set but unusable; the message says why.</exception>
    public static WebApplicationBuilder AddDurableManagement(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(OperatorKey.FromConfiguration(builder.Configuration));
        return builder;
    }

    /// <summary>Maps the API's endpoints, each behind the operator key check. Call it before <c>MapCustomHandler</c>.</summary>
    public static IEndpointRouteBuilder MapDurableManagement(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(DurableManagementUrls.BasePath)
            .RequireOperatorKey("durable-management", "The durable management API", "API manajemen durable")
            .AddEndpointFilter<DurableStorageFilter>();

        api.MapPost("/orchestrators/{name}", DurableManagementHandlers.StartAsync).WithName(StartFunction);
        api.MapGet("/instances", DurableManagementHandlers.ListAsync).WithName(ListFunction);
        api.MapGet("/instances/{instanceId}", DurableManagementHandlers.GetStatusAsync).WithName(StatusFunction);
        api.MapDelete("/instances/{instanceId}", DurableManagementHandlers.PurgeAsync).WithName(PurgeFunction);
        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", DurableManagementHandlers.RaiseEventAsync).WithName(RaiseEventFunction);
        api.MapPost("/instances/{instanceId}/terminate", DurableManagementHandlers.TerminateAsync).WithName(TerminateFunction);
        api.MapPost("/instances/{instanceId}/suspend", DurableManagementHandlers.SuspendAsync).WithName(SuspendFunction);
        api.MapPost("/instances/{instanceId}/resume", DurableManagementHandlers.ResumeAsync).WithName(ResumeFunction);
        return endpoints;
    }
}
