namespace IkmaWorkflow.DurableTask.Analyzers.Tests;

/// <summary>
/// Which code counts as orchestrator code: subclasses of <c>TaskOrchestrator&lt;,&gt;</c> at any depth, lambdas and
/// method groups passed to <c>AddOrchestratorFunc</c>, and nothing else (activities, ordinary classes, look-alikes).
/// </summary>
public sealed class OrchestratorScopeTests
{
    [Fact]
    public async Task AddOrchestratorFunc_LambdaWithBannedCalls_ReportsInsideTheLambdaOnly()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public static class Registration
            {
                public static void Register(DurableTaskRegistry registry)
                {
                    var registeredAt = DateTime.UtcNow;
                    registry.AddOrchestratorFunc<int, string>("Lambda", async (context, input) =>
                    {
                        var now = DateTime.UtcNow;
                        var id = Guid.NewGuid();
                        await Task.Delay(10);
                        var text = File.ReadAllText("settings.json");
                        Func<DateTime> nested = () => DateTime.Now;
                        string Local() => Environment.GetEnvironmentVariable("X") ?? "";
                        return $"{now}{id}{text}{nested()}{Local()}{registeredAt}";
                    });
                    registry.AddOrchestratorFunc<int, DateTime>("Expression", (context, input) => Task.FromResult(DateTime.UtcNow));
                    registry.AddActivityFunc<int, string>("Activity", (context, input) => Task.FromResult(File.ReadAllText("a") + Guid.NewGuid()));
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal(
            [("IKDT001", 13), ("IKDT002", 14), ("IKDT003", 15), ("IKDT004", 16), ("IKDT001", 17), ("IKDT004", 18), ("IKDT001", 21)],
            reported);
    }

    [Fact]
    public async Task AddOrchestratorFunc_MethodGroups_ReportsInRegisteredMethodsOnly()
    {
        // The registrations come after the methods, so reporting must wait for the whole compilation.
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public static class Orchestrations
            {
                public static Task<DateTime> StampAsync(TaskOrchestrationContext context, int input)
                {
                    Func<Guid> nested = () => Guid.NewGuid();
                    return Task.FromResult(DateTime.UtcNow);
                }

                public static Task<DateTime> NotRegisteredAsync(TaskOrchestrationContext context, int input) =>
                    Task.FromResult(DateTime.UtcNow);
            }

            public static class Registration
            {
                public static void Register(DurableTaskRegistry registry)
                {
                    registry.AddOrchestratorFunc<int, DateTime>("Stamp", Orchestrations.StampAsync);
                    registry.AddOrchestratorFunc<int, string>("Local", LocalAsync);

                    static Task<string> LocalAsync(TaskOrchestrationContext context, int input) =>
                        Task.FromResult(Environment.GetEnvironmentVariable("X") ?? "");
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT002", 9), ("IKDT001", 10), ("IKDT004", 25)], reported);
    }

    [Fact]
    public async Task TaskOrchestrator_DerivedOfDerived_ReportsInEveryClassOfTheChain()
    {
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public abstract class AuditedOrchestrator<TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
            {
                protected static string Stamp() => DateTime.UtcNow.ToString("O");
            }

            public abstract class ProgrammeOrchestrator : AuditedOrchestrator<int, string>
            {
            }

            public sealed class EnrolmentOrchestrator : ProgrammeOrchestrator
            {
                private readonly Random _random = new();

                public override Task<string> RunAsync(TaskOrchestrationContext context, int input) =>
                    Task.FromResult(Stamp() + Guid.NewGuid() + _random.Next());
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT001", 7), ("IKDT002", 16), ("IKDT002", 19)], reported);
    }

    [Fact]
    public async Task ActivityAndOrdinaryClass_SameCallsAsOrchestrators_ReportsNothingThere()
    {
        // The orchestrator's one call (line 31) proves the analyzer ran; the same calls elsewhere are legitimate.
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class ReadFileActivity : TaskActivity<string, string>
            {
                public override async Task<string> RunAsync(TaskActivityContext context, string input)
                {
                    await Task.Delay(10).ConfigureAwait(false);
                    Thread.Sleep(1);
                    var stamp = DateTime.UtcNow;
                    var id = Guid.NewGuid();
                    return File.ReadAllText(input) + stamp + id + Environment.GetEnvironmentVariable("X");
                }
            }

            public sealed class Ordinary
            {
                public async Task<string> RunAsync(TaskOrchestrationContext context, string input)
                {
                    await Task.Run(() => Console.WriteLine(input)).ConfigureAwait(false);
                    return $"{DateTime.Now}{new Random().Next()}{File.Exists(input)}";
                }
            }

            public sealed class Orchestrator : TaskOrchestrator<string, string>
            {
                public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
                    Task.FromResult(input + DateTime.UtcNow);
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT001", 31)], reported);
    }

    [Fact]
    public async Task TaskOrchestrator_LookAlikeInOtherNamespace_IsNotOrchestratorCode()
    {
        // Symbols decide, not names: a user type called TaskOrchestrator is not the durable one.
        const string Source = """
            using System;
            using System.Threading.Tasks;

            namespace Lookalike
            {
                public abstract class TaskOrchestrator<TInput, TOutput>
                {
                    public DateTime Started { get; } = DateTime.UtcNow;
                }

                public sealed class NotDurable : TaskOrchestrator<int, int>
                {
                    public Guid Id { get; } = Guid.NewGuid();
                }
            }

            namespace Real
            {
                public sealed class Orchestrator : IkmaWorkflow.DurableTask.TaskOrchestrator<int, int>
                {
                    private readonly DateTime _created = DateTime.UtcNow;

                    public override Task<int> RunAsync(IkmaWorkflow.DurableTask.TaskOrchestrationContext context, int input) =>
                        Task.FromResult(_created.Second);
                }
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT001", 21)], reported);
    }

    [Fact]
    public async Task TaskOrchestrator_ConstructorAndPropertyBodies_AreOrchestratorCode()
    {
        const string Source = """
            using System;
            using System.Threading.Tasks;
            using IkmaWorkflow.DurableTask;

            public sealed class Orchestrator : TaskOrchestrator<int, string>
            {
                private readonly string _machine;

                public Orchestrator()
                {
                    _machine = Environment.GetEnvironmentVariable("MACHINE") ?? "";
                }

                private static DateTime Started => DateTime.UtcNow;

                public override Task<string> RunAsync(TaskOrchestrationContext context, int input) =>
                    Task.FromResult(_machine + Started);
            }
            """;

        var reported = await AnalyzerHarness.IdsAndLinesAsync(Source);

        Assert.Equal([("IKDT004", 11), ("IKDT001", 14)], reported);
    }
}
