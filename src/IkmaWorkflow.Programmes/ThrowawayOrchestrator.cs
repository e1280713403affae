using IkmaWorkflow.DurableTask;

namespace IkmaWorkflow.Programmes;

/// <summary>Throwaway: checks the IKDT analyzer fails the build.</summary>
public sealed class ThrowawayOrchestrator : TaskOrchestrator<int, DateTime>
{
    /// <inheritdoc/>
    public override Task<DateTime> RunAsync(TaskOrchestrationContext context, int input) =>
        Task.FromResult(DateTime.UtcNow);
}

/// <summary>Throwaway: function orchestrators.</summary>
public static class ThrowawayRegistration
{
    /// <summary>Registers them.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<int, Guid>("Lambda", (context, input) => Task.FromResult(Guid.NewGuid()));
        registry.AddOrchestratorFunc<int, string>("Group", ReadAsync);
    }

    private static async Task<string> ReadAsync(TaskOrchestrationContext context, int input) =>
        await File.ReadAllTextAsync("x").ConfigureAwait(false);
}
