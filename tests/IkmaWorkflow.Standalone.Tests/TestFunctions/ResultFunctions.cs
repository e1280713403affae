using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>HTTP functions returning each kind of result, or failing.</summary>
internal sealed class ResultFunctions(Probe probe)
{
    [Function("Created")]
    public static IResult Created([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "results/created")] HttpRequest request) =>
        TypedResults.Created("/api/items/7", new { id = 7 });

    [Function("ActionOk")]
    public static IActionResult ActionOk([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "results/action")] HttpRequest request) =>
        new OkObjectResult(new { kind = "action" });

    [Function("ActionNotFound")]
    public static Task<IActionResult> ActionNotFoundAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "results/action-missing")] HttpRequest request) =>
        Task.FromResult<IActionResult>(new NotFoundObjectResult(new { missing = "sertifikat" }));

    [Function("ValueTaskResult")]
    public static ValueTask<IResult> ValueTaskResultAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "results/value-task")] HttpRequest request) =>
        ValueTask.FromResult<IResult>(TypedResults.Text("from a ValueTask"));

    [Function("NoResult")]
    public Task NoResultAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "results/none")] HttpRequest request, CancellationToken cancellationToken) =>
        probe.RecordAsync("no result", cancellationToken);

    [Function("Static")]
    public static void Static([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "results/static")] HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<Probe>().Events.Enqueue("static");

    [Function("Throws")]
    public static IResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "results/throws")] HttpRequest request) =>
        throw new InvalidOperationException("rahasia: connection string in the message");

    [Function("NotAResult")]
    public static object NotAResult([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "results/not-a-result")] HttpRequest request) => "plain text";
}
