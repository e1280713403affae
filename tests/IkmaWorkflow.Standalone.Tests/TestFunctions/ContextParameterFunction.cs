using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>Takes a <see cref="FunctionContext"/>, which the standalone host refuses.</summary>
internal sealed class ContextParameterFunction
{
    [Function("WithContext")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context) => TypedResults.Ok();
}
