using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>HTTP functions that show how instances, scopes and tokens are given.</summary>
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

    public void Dispose() => probe.Events.Enqueue("disposed " + _instance);
}
