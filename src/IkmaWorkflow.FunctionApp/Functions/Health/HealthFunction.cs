using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Health;

/// <summary><c>GET /api/health</c>: whether the app reaches its storage, its time in WIB, and orchestrations that failed.</summary>
public sealed class HealthFunction(StorageHealth storage, TimeProvider time)
{
    /// <summary>200 when blobs, queues and tables answer, else 503; never needs a key, and tells nothing personal.</summary>
    [Function("Health")]
    public async Task<IResult> CheckAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var services = await storage.CheckAsync(cancellationToken).ConfigureAwait(false);
        var healthy = services.Values.All(s => s.Reachable);
        var report = new HealthReport(
            healthy ? "healthy" : "unhealthy",
            Wib.Format(time.GetUtcNow()),
            services,
            healthy ? await DurableHealth.ReadAsync(client, cancellationToken).ConfigureAwait(false) : null);
        return TypedResults.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The health answer.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="CheckedAt">When, in WIB.</param>
/// <param name="Storage">Each storage service: reachable, how long it took, the error.</param>
/// <param name="Durable">The orchestrations' state; absent while storage is unreachable.</param>
public sealed record HealthReport(string Status, string CheckedAt, IReadOnlyDictionary<string, ServiceHealth> Storage, DurableHealth? Durable);

/// <summary>Orchestrations that need an operator: how many failed (counted up to <see cref="CountLimit"/>).</summary>
/// <param name="FailedInstances">Failed instances, at most <see cref="CountLimit"/>; null when the task hub did not answer.</param>
/// <param name="Error">Why the task hub could not be read.</param>
public sealed record DurableHealth(int? FailedInstances, string? Error)
{
    /// <summary>The health check counts no further: an operator lists them at <c>/api/durable/instances?runtimeStatus=Failed</c>.</summary>
    public const int CountLimit = 100;

    /// <summary>Counts failed instances within 5 seconds.</summary>
    public static async Task<DurableHealth> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], PageSize = CountLimit };
            await foreach (var page in client.GetAllInstancesAsync(query).AsPages(pageSizeHint: CountLimit).WithCancellation(timeout.Token).ConfigureAwait(false))
            {
                return new DurableHealth(page.Values.Count, null);
            }

            return new DurableHealth(0, null);
        }
        catch (Exception ex) when (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DurableHealth(null, "no answer within 5 s");
        }
    }
}
