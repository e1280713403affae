using System.Text.Json.Nodes;

namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>What a scenario measured: its result lines and the targets on them.</summary>
/// <param name="Lines">One JSON object per figure, in the order they are printed.</param>
/// <param name="Targets">The targets the lines carry, met or not; none for a scenario without one.</param>
internal sealed record ScenarioResult(IReadOnlyList<JsonObject> Lines, IReadOnlyList<Target> Targets);
