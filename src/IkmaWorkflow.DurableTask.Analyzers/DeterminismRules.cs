using Microsoft.CodeAnalysis;

namespace IkmaWorkflow.DurableTask.Analyzers;

/// <summary>The diagnostics of <see cref="OrchestratorDeterminismAnalyzer"/>: one per kind of non-deterministic call.</summary>
/// <remarks>
/// Every message is "'{0}' why; {1}", where {0} names the API as written against its type (for example
/// <c>DateTime.UtcNow</c>) and {1} says what to use instead. The advice is usually the rule's default below; a few
/// APIs get more precise advice (see <see cref="BannedApiCatalog"/>). docs/orchestrator-rules.md documents them.
/// </remarks>
internal static class DeterminismRules
{
    /// <summary>The category of every rule: they all protect replay determinism.</summary>
    public const string Category = "Determinism";

    /// <summary>Default advice of <see cref="WallClock"/>.</summary>
    public const string WallClockAdvice = "use context.CurrentUtcDateTime instead";

    /// <summary>Default advice of <see cref="Randomness"/>.</summary>
    public const string RandomnessAdvice = "use context.NewGuid() instead, or get random numbers from an activity";

    /// <summary>Default advice of <see cref="Threading"/>.</summary>
    public const string ThreadingAdvice = "use context.CreateTimer(...) to wait, and call an activity (context.CallActivityAsync) for work";

    /// <summary>Default advice of <see cref="InputOutput"/>.</summary>
    public const string InputOutputAdvice = "move it into an activity and call that with context.CallActivityAsync";

    /// <summary>IKDT001: the wall clock, which returns a different time on every replay.</summary>
    public static readonly DiagnosticDescriptor WallClock = new(
        id: "IKDT001",
        title: "Orchestrator code must not read the wall clock",
        messageFormat: "'{0}' reads the wall clock, which differs on every replay; {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Orchestrator code is replayed from history and must compute the same values every time. The wall clock moves between replays; context.CurrentUtcDateTime is the time recorded in history.");

    /// <summary>IKDT002: random numbers and GUIDs, which differ on every replay.</summary>
    public static readonly DiagnosticDescriptor Randomness = new(
        id: "IKDT002",
        title: "Orchestrator code must not use random numbers or new GUIDs",
        messageFormat: "'{0}' is random, so it differs on every replay; {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Orchestrator code is replayed from history and must compute the same values every time. context.NewGuid() returns the same GUID on every replay; other random values must come from an activity, whose result history records.");

    /// <summary>IKDT003: threads, thread-pool work, real delays and leaving the orchestration's thread.</summary>
    public static readonly DiagnosticDescriptor Threading = new(
        id: "IKDT003",
        title: "Orchestrator code must not start threads, queue work or wait on a real clock",
        messageFormat: "'{0}' waits or runs work outside the orchestration's replay; {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Orchestrator code runs on one thread and resumes only from history. A real delay is lost when the orchestration unloads and repeats on every replay, work on other threads finishes in a different order each time, and ConfigureAwait(false) resumes off the orchestration's thread. Durable timers (context.CreateTimer) wait instead, and activities do the work.");

    /// <summary>IKDT004: files, network, databases, Azure SDK clients, the console and environment variables.</summary>
    public static readonly DiagnosticDescriptor InputOutput = new(
        id: "IKDT004",
        title: "Orchestrator code must not do I/O",
        messageFormat: "'{0}' does I/O, which repeats on every replay and may return something else each time; {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Orchestrator code is replayed from history, so any I/O in it runs again on every replay and its result may change. Activities do I/O: they run once per call and history records their result.");
}
