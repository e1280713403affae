using IkmaWorkflow.CustomHandler;

namespace IkmaWorkflow.FunctionApp.Functions.Health;

/// <summary>The <c>Health</c> function: <c>GET /api/health</c> reports whether storage is reachable.</summary>
public static class HealthFunction
{
    /// <summary>Registers the storage probe.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<StorageHealth>();

    /// <summary>Maps <c>GET /api/health</c>: 200 when every storage service answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health", async (StorageHealth storage, FunctionHostSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var services = await storage.CheckAsync(cancellationToken);
            var healthy = services.Values.All(s => s.Reachable);
            var report = new HealthReport(
                healthy ? "healthy" : "unhealthy",
                settings.IsHostMode ? "functions-host" : "standalone",
                Wib.Format(time.GetUtcNow()),
                services);
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
public sealed record HealthReport(string Status, string Mode, string CheckedAt, IReadOnlyDictionary<string, ServiceHealth> Storage);
