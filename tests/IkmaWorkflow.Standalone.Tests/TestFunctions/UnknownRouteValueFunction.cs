using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>Takes a parameter its route has no value for.</summary>
internal sealed class UnknownRouteValueFunction
{
    [Function("UnknownRouteValue")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, int thingId) => TypedResults.Ok(thingId);
}
