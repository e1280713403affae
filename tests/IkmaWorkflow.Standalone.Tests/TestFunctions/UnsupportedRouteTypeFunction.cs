using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>Takes a route value as a type route values do not convert to.</summary>
internal sealed class UnsupportedRouteTypeFunction
{
    [Function("UnsupportedRouteType")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "waits/{wait}")] HttpRequest request, TimeSpan wait) => TypedResults.Ok(wait);
}
