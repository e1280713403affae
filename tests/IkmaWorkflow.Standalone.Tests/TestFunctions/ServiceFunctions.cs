using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>HTTP functions that show how instances, scopes, tokens and the orchestration client are given.</summary>
internal sealed class ServiceFunctions(Probe probe, ScopedMarker marker) : IDisposable
{
    private readonly Guid _instance = Guid.NewGuid();

    [Function("Instance")]
    public IResult Instance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "instance")] HttpRequest request) =>
        TypedResults.Ok(new InstanceView(_instance, marker.Id));

    /// <summary>Waits until its token fires, and reports it.</summary>
    [Function("Slow")]
    public async Task<IResult> SlowAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow")] HttpRequest request, CancellationToken cancellationToken)
    {
        probe.Events.Enqueue("started");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return TypedResults.Ok();
        }
        catch (OperationCanceledException)
        {
            probe.Events.Enqueue("cancelled");
            throw;
        }
    }

    [Function("Client")]
    public static IResult Client([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "client")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        TypedResults.Ok(new { name = client.Name });

    public void Dispose() => probe.Events.Enqueue("disposed " + _instance);
}
