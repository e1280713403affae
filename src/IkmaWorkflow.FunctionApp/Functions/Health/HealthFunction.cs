using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.DurableTask;

namespace IkmaWorkflow.FunctionApp.Functions.Health;

/// <summary>The <c>Health</c> function: <c>GET /api/health</c> reports whether storage is reachable.</summary>
public static class HealthFunction
{
    /// <summary>Registers the storage probe.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<StorageHealth>();

    /// <summary>Maps <c>GET /api/health</c>: 200 when every storage service answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health", async (StorageHealth storage, DurableTaskClient durable, FunctionHostSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var services = await storage.CheckAsync(cancellationToken);
            var healthy = services.Values.All(s => s.Reachable);
            var report = new HealthReport(
                healthy ? "healthy" : "unhealthy",
                settings.IsHostMode ? "functions-host" : "standalone",
                Wib.Format(time.GetUtcNow()),
                services,
                healthy ? await DurableHealth.ReadAsync(durable, cancellationToken) : null);
            return TypedResults.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithName("Health");
        return endpoints;
    }
}

/// <summary>The health answer.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Mode"><c>functions-host</c> when the Functions host runs the app, <c>standalone</c> otherwise.</param>
/// <param name="CheckedAt">When the check ran, in WIB (UTC+7).</param>
/// <param name="Storage">Each storage service's answer.</param>
/// <param name="Durable">The durable runtime's instance counts and queue depths, when storage answers.</param>
public sealed record HealthReport(string Status, string Mode, string CheckedAt, IReadOnlyDictionary<string, ServiceHealth> Storage, DurableHealth? Durable);

/// <summary>The durable runtime's part of the health answer.</summary>
/// <param name="Instances">Instances per runtime status.</param>
/// <param name="Queues">Messages waiting per queue.</param>
/// <param name="PoisonMessages">Messages in poison queues: each is work that failed repeatedly and needs a look.</param>
/// <param name="Error">Why the figures are missing, if they are.</param>
public sealed record DurableHealth(IReadOnlyDictionary<string, int>? Instances, IReadOnlyDictionary<string, int>? Queues, int? PoisonMessages, string? Error)
{
    /// <summary>Reads the figures within five seconds.</summary>
    public static async Task<DurableHealth> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var statistics = await client.GetStatisticsAsync(timeout.Token);
            return new DurableHealth(
                statistics.InstancesByStatus.ToDictionary(p => p.Key.ToString(), p => p.Value),
                statistics.QueueDepths,
                statistics.QueueDepths.Where(q => q.Key.EndsWith("-poison", StringComparison.Ordinal)).Sum(q => q.Value),
                null);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DurableHealth(null, null, null, ex is OperationCanceledException ? "no answer within 5 s" : ex.Message);
        }
    }
}
