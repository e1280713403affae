using System.Net;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>When storage goes away the API answers with a problem, not an empty 500.</summary>
public sealed class StorageFailureTests
{
    [Fact]
    public async Task List_StorageStopped_Returns503Problem()
    {
        var azurite = await AzuriteInstance.StartAsync();
        ManagementHost? host = null;
        try
        {
            host = await ManagementHost.StartAsync(azurite.ConnectionString, ManagementFixture.Key, TestOrchestrations.Register);
            using var client = new ManagementClient(host.BaseAddress, ManagementFixture.Key);
            (await client.GetAsync("api/durable/instances")).AssertStatus(HttpStatusCode.OK);

            await azurite.DisposeAsync();
            var response = await client.GetAsync("api/durable/instances");

            response.AssertProblem(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await azurite.DisposeAsync();
        }
    }
}
