using System.Reflection;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK generated at build, which the Functions host indexes the app by, held
/// to the code the standalone host reads: every <c>[Function]</c> with its trigger, route, methods, schedule and
/// queue, and nothing else; and the orchestrators and activities exactly those the domain's workflow calls.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly Assembly App = typeof(IkmaWorkflowApp).Assembly;

    [Fact]
    public void FunctionsMetadata_BuiltByTheSdk_DescribesEveryFunctionOfTheCodeAndNothingElse()
    {
        var built = BuiltFunctions();
        var code = CodeFunctions();

        Assert.Equal(code.Keys.Order(StringComparer.Ordinal), built.Keys.Order(StringComparer.Ordinal));
        Assert.All(code, function => Assert.Equal(function.Value, built[function.Key]));
    }

    [Fact]
    public void FunctionsMetadata_TimersAndQueue_RunOnTheirSettingsAndQueue()
    {
        var built = BuiltFunctions();

        Assert.Equal("timerTrigger %FollowUpSchedule%", built["FollowUpScan"]);
        Assert.Equal("timerTrigger %DeadlineSchedule%", built["DeadlineCheck"]);
        Assert.Equal("timerTrigger %RetentionSchedule%", built["RetentionPurge"]);
        Assert.Equal("queueTrigger email-outbox AzureWebJobsStorage", built["SendEmail"]);
        Assert.Equal(["DeadlineCheck", "FollowUpScan", "RetentionPurge", "SendEmail"], built.Where(f => f.Value.StartsWith("timer", StringComparison.Ordinal) || f.Value.StartsWith("queue", StringComparison.Ordinal)).Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FunctionsMetadata_OrchestratorsAndActivities_AreExactlyTheWorkflowsFunctions()
    {
        var built = BuiltFunctions();

        Assert.Equal(
            WorkflowFunctions.Orchestrators.Select(o => o.Name).Order(StringComparer.Ordinal),
            built.Where(f => f.Value == "orchestrationTrigger").Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal(
            WorkflowFunctions.Activities.Select(a => a.Name).Order(StringComparer.Ordinal),
            built.Where(f => f.Value == "activityTrigger").Select(f => f.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FunctionsMetadata_HttpFunctions_AllAnonymousUnderTheApiPrefix()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionAppBuild.OutputDirectory, "functions.metadata")))!.AsArray();
        var http = metadata.Select(f => f!["bindings"]!.AsArray()[0]!).Where(b => b["type"]!.GetValue<string>() == "httpTrigger").ToList();

        Assert.NotEmpty(http);
        Assert.All(http, b => Assert.Equal("Anonymous", b["authLevel"]!.GetValue<string>(), ignoreCase: true));
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionAppBuild.OutputDirectory, "host.json")))!;
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("%TaskHubName%", host["extensions"]!["durableTask"]!["hubName"]!.GetValue<string>());
    }

    // name → "trigger details" from the generated functions.metadata.
    private static Dictionary<string, string> BuiltFunctions()
    {
        var path = Path.Combine(FunctionAppBuild.OutputDirectory, "functions.metadata");
        var metadata = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return metadata.ToDictionary(
            f => f!["name"]!.GetValue<string>(),
            f =>
            {
                var trigger = f!["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
                var type = trigger["type"]!.GetValue<string>();
                return type switch
                {
                    "httpTrigger" => $"{type} {string.Join(',', trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()))} {trigger["route"]!.GetValue<string>()}",
                    "timerTrigger" => $"{type} {trigger["schedule"]!.GetValue<string>()}",
                    "queueTrigger" => $"{type} {trigger["queueName"]!.GetValue<string>()} {trigger["connection"]!.GetValue<string>()}",
                    _ => type,
                };
            },
            StringComparer.Ordinal);
    }

    // name → "trigger details" from the [Function] methods and their trigger attributes, as the standalone host reads them.
    private static Dictionary<string, string> CodeFunctions() =>
        App.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(
                m => m.GetCustomAttribute<FunctionAttribute>()!.Name,
                m => m.GetParameters().Select(p => p.GetCustomAttributes().FirstOrDefault() switch
                {
                    HttpTriggerAttribute http => $"httpTrigger {string.Join(',', http.Methods!.Select(x => x.ToUpperInvariant()))} {http.Route}",
                    TimerTriggerAttribute timer => $"timerTrigger {timer.Schedule}",
                    QueueTriggerAttribute queue => $"queueTrigger {queue.QueueName} {queue.Connection}",
                    OrchestrationTriggerAttribute => "orchestrationTrigger",
                    ActivityTriggerAttribute => "activityTrigger",
                    _ => null,
                }).Single(t => t is not null)!,
                StringComparer.Ordinal);
}
