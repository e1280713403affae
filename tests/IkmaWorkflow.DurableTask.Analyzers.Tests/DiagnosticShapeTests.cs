using Microsoft.CodeAnalysis;

namespace IkmaWorkflow.DurableTask.Analyzers.Tests;

/// <summary>What a reader sees: the rules' ids, severity and category, each message's wording, and where it points.</summary>
public sealed class DiagnosticShapeTests
{
    [Fact]
    public void SupportedDiagnostics_AllRules_AreEnabledErrorsInDeterminismCategory()
    {
        var descriptors = new OrchestratorDeterminismAnalyzer().SupportedDiagnostics;

        Assert.Equal(["IKDT001", "IKDT002", "IKDT003", "IKDT004"], descriptors.Select(d => d.Id));
        Assert.All(descriptors, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal("Determinism", d.Category);
        });
    }

    [Fact]
    public async Task Messages_WallClockAndConfigureAwait_NameTheApiAndTheReplacementAtItsSpan()
    {
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, int>
            {
                public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
                {
                    var now = DateTime.UtcNow;
                    var result = await context
                        .CallActivityAsync<int>("Add", now)
                        .ConfigureAwait(false);
                    return result;
                }
            }
            """;

        var reported = await AnalyzerHarness.AnalyzeAsync(Source);

        Assert.Equal(
            [
                new Reported("IKDT001", 9, 19, "DateTime.UtcNow", "'DateTime.UtcNow' reads the wall clock, which differs on every replay; use context.CurrentUtcDateTime instead"),
                new Reported("IKDT003", 12, 14, "ConfigureAwait(false)", "'ConfigureAwait(false)' waits or runs work outside the orchestration's replay; remove it so the await resumes on the orchestration's thread"),
            ],
            reported);
    }

    [Fact]
    public async Task Messages_OnePerRule_SayWhatToUseInstead()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, string>
            {
                public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
                {
                    var id = Guid.NewGuid();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    var text = File.ReadAllText("a.txt");
                    Console.WriteLine(text);
                    return id + text;
                }
            }
            """;

        var messages = (await AnalyzerHarness.AnalyzeAsync(Source)).Select(r => r.Message);

        Assert.Equal(
            [
                "'Guid.NewGuid()' is random, so it differs on every replay; use context.NewGuid() instead, or get random numbers from an activity",
                "'Task.Delay(...)' waits or runs work outside the orchestration's replay; use context.CreateTimer(...) to wait, and call an activity (context.CallActivityAsync) for work",
                "'File.ReadAllText(...)' does I/O, which repeats on every replay and may return something else each time; move it into an activity and call that with context.CallActivityAsync",
                "'Console.WriteLine(...)' does I/O, which repeats on every replay and may return something else each time; log with context.CreateReplaySafeLogger(...), or move it into an activity",
            ],
            messages);
    }
}
