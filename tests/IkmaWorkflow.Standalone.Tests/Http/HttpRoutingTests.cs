using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IkmaWorkflow.Standalone.Tests.TestFunctions;

namespace IkmaWorkflow.Standalone.Tests.Http;

/// <summary>HTTP functions at their routes and methods, on the standalone host's Kestrel.</summary>
public sealed class HttpRoutingTests
{
    private static readonly Type[] Items = [typeof(ItemFunctions)];

    [Fact]
    public async Task Get_IntRouteValue_BoundToParameter()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var item = await app.Http.GetFromJsonAsync<ItemView>("api/items/42");

        Assert.Equal(new ItemView(42), item);
    }

    [Fact]
    public async Task Get_GuidAndLongRouteValues_BoundByName()
    {
        await using var app = await StandaloneApp.StartAsync(Items);
        var orderId = Guid.NewGuid();

        var body = await app.Http.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}/lines/9000000000");

        Assert.Equal(orderId, body.GetProperty("orderId").GetGuid());
        Assert.Equal(9_000_000_000L, body.GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Get_OptionalRouteValue_NullWhenAbsentAndBoundWhenPresent()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var without = await app.Http.GetFromJsonAsync<JsonElement>("api/search/batik");
        var with = await app.Http.GetFromJsonAsync<JsonElement>("api/search/batik/2");

        Assert.Equal("batik", without.GetProperty("term").GetString());
        Assert.Equal(JsonValueKind.Null, without.GetProperty("page").ValueKind);
        Assert.Equal(2, with.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Get_RouteValueNotConvertible_Answers400ProblemNamingIt()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var response = await app.Http.GetAsync("api/flags/maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("true or false", problem.GetProperty("errors").GetProperty("on")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RouteConstraintNotMet_Answers404()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var response = await app.Http.GetAsync("api/items/abc");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownPath_Answers404()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var response = await app.Http.GetAsync("api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_RouteOfGetFunction_Answers405()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var response = await app.Http.PostAsync("api/items/42", content: null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Send_TriggerWithoutMethods_AnswersEveryMethod(string method)
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var response = await app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "api/any"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("method").GetString());
    }

    [Fact]
    public async Task Get_TriggerWithoutRoute_AnswersAtFunctionName()
    {
        await using var app = await StandaloneApp.StartAsync(Items);

        var answer = await app.Http.GetStringAsync("api/Ping");

        Assert.Equal("pong", answer);
    }

    [Fact]
    public async Task Get_RoutePrefixFromHostJson_RoutesUnderIt()
    {
        await using var app = await StandaloneApp.StartAsync(Items, hostJson: """{ "version": "2.0", "extensions": { "http": { "routePrefix": "v1" } } }""");

        var prefixed = await app.Http.GetAsync("v1/items/7");
        var unprefixed = await app.Http.GetAsync("api/items/7");

        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
    }

    [Fact]
    public async Task Get_EmptyRoutePrefix_RoutesAtRoot()
    {
        await using var app = await StandaloneApp.StartAsync(Items, hostJson: """{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""");

        var item = await app.Http.GetFromJsonAsync<ItemView>("items/7");

        Assert.Equal(new ItemView(7), item);
    }

    [Theory]
    [InlineData("AzureWebJobs.GetItem.Disabled")]
    [InlineData("AzureWebJobs:GetItem:Disabled")]
    public async Task Get_FunctionDisabledBySetting_Answers404AndOthersStillAnswer(string key)
    {
        await using var app = await StandaloneApp.StartAsync(Items, new() { [key] = "true" });

        var disabled = await app.Http.GetAsync("api/items/42");
        var other = await app.Http.GetAsync("api/search/batik");

        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.True(app.Logged(401, "GetItem"), "the disabled function was not logged as disabled");
    }

    [Fact]
    public async Task Get_ViaLocalhostName_Answers()
    {
        await using var app = await StandaloneApp.StartAsync(Items);
        using var client = new HttpClient();

        var answer = await client.GetStringAsync(new Uri($"http://localhost:{app.Port}/api/Ping"));

        Assert.Equal("pong", answer);
    }
}
