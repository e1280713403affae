using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>HTTP functions with routes, route values and methods.</summary>
internal sealed class ItemFunctions
{
    [Function("GetItem")]
    public static Ok<ItemView> GetItem([HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{id:int}")] HttpRequest request, int id) =>
        TypedResults.Ok(new ItemView(id));

    [Function("GetOrderLine")]
    public static IResult GetOrderLine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{orderId:guid}/lines/{line:long}")] HttpRequest request, Guid orderId, long line) =>
        TypedResults.Ok(new { orderId, line });

    [Function("Search")]
    public static IResult Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/{term}/{page?}")] HttpRequest request, string term, int? page) =>
        TypedResults.Ok(new { term, page });

    [Function("Flag")]
    public static IResult Flag([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "flags/{on}")] HttpRequest request, bool on) =>
        TypedResults.Ok(new { on });

    [Function("AnyMethod")]
    public static IResult AnyMethod([HttpTrigger(AuthorizationLevel.Anonymous, Route = "any")] HttpRequest request) =>
        TypedResults.Ok(new { method = request.Method });

    [Function("Ping")]
    public static IResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => TypedResults.Text("pong");

    /// <summary>Echoes what the request carries, read from the bound <see cref="HttpRequest"/>.</summary>
    [Function("Echo")]
    public static async Task<IResult> EchoAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return TypedResults.Ok(new { body = await reader.ReadToEndAsync(), query = request.Query["q"].ToString(), header = request.Headers["X-Facility"].ToString() });
    }
}
