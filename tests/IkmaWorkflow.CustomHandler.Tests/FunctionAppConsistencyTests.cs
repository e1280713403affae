using IkmaWorkflow.CustomHandler.Invocation;
using IkmaWorkflow.CustomHandler.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.CustomHandler.Tests;

public sealed class FunctionAppConsistencyTests : IDisposable
{
    private readonly List<string> _roots = [];

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Check_FoldersHandlersAndEndpointsAgree_NoProblems()
    {
        var problems = Check(
            new() { ["Work"] = TestFunctionApp.QueueFunction("work-items"), ["Daily"] = TestFunctionApp.TimerFunction("0 0 1 * * *"), ["Health"] = TestFunctionApp.HttpFunction("health", "get") },
            ["Work", "Daily"],
            app => app.MapGet("/api/health", () => "ok"));

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_FunctionWithoutHandler_NamesTheFunction()
    {
        var problem = Assert.Single(Check(new() { ["Work"] = TestFunctionApp.QueueFunction("work-items") }, [], _ => { }));

        Assert.Contains("Work", problem, StringComparison.Ordinal);
        Assert.Contains("no handler is registered", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HandlerWithoutFolder_NamesTheHandler()
    {
        var problem = Assert.Single(Check([], ["Orphan"], _ => { }));

        Assert.Contains("Handler Orphan has no", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Work_Items")]
    [InlineData("ab")]
    [InlineData("items--poison")]
    [InlineData("a-queue-name-that-is-far-too-long-once-the-poison-suffix-is-added")]
    public void Check_InvalidQueueName_SaysWhatAQueueNameMustBe(string queueName)
    {
        var problem = Assert.Single(Check(new() { ["Work"] = TestFunctionApp.QueueFunction(queueName) }, ["Work"], _ => { }));

        Assert.Contains($"queueName \"{queueName}\" is not a valid queue name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InvalidSchedule_NamesTheSchedule()
    {
        var problem = Assert.Single(Check(new() { ["Daily"] = TestFunctionApp.TimerFunction("0 1 * * *") }, ["Daily"], _ => { }));

        Assert.Contains("\"0 1 * * *\" has 5 fields", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HttpFunctionWithoutEndpoint_NamesTheRoute()
    {
        var problem = Assert.Single(Check(new() { ["Health"] = TestFunctionApp.HttpFunction("health", "get") }, [], _ => { }));

        Assert.Contains("no endpoint serves its route /api/health", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EndpointMethodNotDeclared_NamesMethodAndRoute()
    {
        var problems = Check(
            new() { ["Health"] = TestFunctionApp.HttpFunction("health", "get") },
            [],
            app =>
            {
                app.MapGet("/api/health", () => "ok");
                app.MapPost("/api/health", () => "ok");
            });

        Assert.Equal(["Endpoint POST /api/health has no HTTP function folder declaring it, so the Functions host would never route to it."], problems);
    }

    [Fact]
    public void Check_UnsupportedTrigger_SaysWhichAreSupported()
    {
        var problem = Assert.Single(Check(
            new() { ["Blob"] = """{ "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "b", "path": "x/{name}" } ] }""" },
            [],
            _ => { }));

        Assert.Contains("\"blobTrigger\" is not supported", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapCustomHandler_Mismatch_StopsStartupListingEachProblem()
    {
        var root = TestFunctionApp.WriteScriptRoot(new Dictionary<string, string> { ["Work"] = TestFunctionApp.QueueFunction("work-items") });
        _roots.Add(root);

        var error = await Assert.ThrowsAsync<FunctionAppConfigurationException>(() => TestFunctionApp.StartAsync(
            new Dictionary<string, string>(),
            new Dictionary<string, string?>(),
            register: b => b.Services.AddTriggerFunction("Other", (_, _, _) => Task.CompletedTask),
            scriptRoot: root));

        Assert.Contains("the function folders and the code disagree", error.Message, StringComparison.Ordinal);
        Assert.Contains("Work", error.Message, StringComparison.Ordinal);
        Assert.Contains("Handler Other", error.Message, StringComparison.Ordinal);
    }

    private List<string> Check(Dictionary<string, string> functions, string[] handlers, Action<WebApplication> map)
    {
        var root = TestFunctionApp.WriteScriptRoot(functions);
        _roots.Add(root);
        var metadata = FunctionAppMetadata.Load(root, new ConfigurationBuilder().Build());
        var app = WebApplication.CreateBuilder().Build();
        map(app);
        return [.. FunctionAppConsistency.Check(
            metadata,
            handlers.Select(h => new TriggerFunctionRegistration(h, (_, _, _) => Task.CompletedTask)),
            new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources))];
    }
}
