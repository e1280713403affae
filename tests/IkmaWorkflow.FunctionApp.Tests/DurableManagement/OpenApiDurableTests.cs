using System.Reflection;
using System.Text.Json;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>The app's OpenAPI description of <c>/durable</c> matches the functions: names, routes, methods and answers.</summary>
public sealed class OpenApiDurableTests
{
    // What each function answers, as the other tests of this folder see it.
    public static TheoryData<string, int[]> Answers => new()
    {
        { DurableManagementFunctions.StartFunction, [202, 400, 401, 409, 429, 503] },
        { DurableManagementFunctions.ListFunction, [200, 400, 401, 429, 503] },
        { DurableManagementFunctions.StatusFunction, [200, 202, 400, 401, 404, 429, 501, 503] },
        { DurableManagementFunctions.PurgeFunction, [200, 400, 401, 404, 409, 429, 503] },
        { DurableManagementFunctions.RaiseEventFunction, [202, 400, 401, 404, 410, 429, 503] },
        { DurableManagementFunctions.TerminateFunction, [202, 400, 401, 404, 429, 503] },
        { DurableManagementFunctions.SuspendFunction, [202, 400, 401, 404, 410, 429, 503] },
        { DurableManagementFunctions.ResumeFunction, [202, 400, 401, 404, 410, 429, 503] },
    };

    [Fact]
    public void Paths_DurableOperations_AreExactlyTheFunctionsAtTheirRoutes()
    {
        var functions = typeof(DurableManagementFunctions).GetMethods()
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)))
            .Where(f => f.Function is not null)
            .Select(f => $"{f.Trigger!.Methods!.Single().ToUpperInvariant()} /{f.Trigger.Route} {f.Function!.Name}");

        var documented = Operations().Select(o => $"{o.Method} {o.Path} {o.Operation.GetProperty("operationId").GetString()}");

        Assert.Equal(functions.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Responses_Operation_DocumentsEveryStatusItAnswers(string function, int[] statuses)
    {
        var operation = Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == function).Operation;

        var documented = operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(statuses, documented.Order());
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations()
    {
        using var stream = typeof(DurableManagementFunctions).Assembly.GetManifestResourceStream("IkmaWorkflow.FunctionApp.openapi.json")!;
        var document = JsonDocument.Parse(stream).RootElement.Clone();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/durable/", StringComparison.Ordinal) || p.Name == "/durable"))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                yield return (operation.Name.ToUpperInvariant(), path.Name, operation.Value);
            }
        }
    }
}
