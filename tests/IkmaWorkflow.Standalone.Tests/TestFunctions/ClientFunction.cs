using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>An HTTP function that takes the orchestration client.</summary>
internal sealed class ClientFunction
{
    [Function("Client")]
    public static IResult Client([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "client")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        TypedResults.Ok(new { name = client.Name });
}
