using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>An HTTP function declared to return a string, which is no HTTP result.</summary>
internal sealed class TextResultFunction
{
    [Function("TextResult")]
    public static Task<string> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => Task.FromResult("text");
}
