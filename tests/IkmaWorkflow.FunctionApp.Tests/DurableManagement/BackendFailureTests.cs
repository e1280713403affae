using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>When the durable backend does not answer, the API answers with a problem, not an empty 500.</summary>
public sealed class BackendFailureTests : IAsyncLifetime
{
    // A real gRPC client, as the Functions host's binding gives one, pointed at a port nothing listens on.
    private readonly GrpcDurableTaskClient _client = new(
        "unreachable",
        new GrpcDurableTaskClientOptions { Address = $"http://127.0.0.1:{FreePort.Next()}" },
        NullLogger.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Theory]
    [MemberData(nameof(ManagementEndpoints.All), MemberType = typeof(ManagementEndpoints))]
    public async Task Endpoint_BackendUnreachable_Returns503ProblemAndLogsIt(string method, string path)
    {
        var api = new ManagementApi(_client);

        var response = await api.SendAsync(method, path, method == "POST" ? "{}" : null);

        response.AssertProblem(503, "storage-unavailable");
        var logged = Assert.Single(api.Log.Messages(707));
        Assert.Contains("gRPC status Unavailable", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Log.Entries, e => e.Id.Id is > 700 and < 707);
    }
}
