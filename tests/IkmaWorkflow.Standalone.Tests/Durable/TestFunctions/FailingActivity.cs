using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>An activity class whose method always throws after counting the attempt.</summary>
/// <param name="attempts">A DI singleton of the test host.</param>
public sealed class FailingActivity(AttemptCounter attempts)
{
    /// <summary>Counts the attempt for <paramref name="key"/> and throws.</summary>
    [Function(nameof(DurableAlwaysFails))]
    public void DurableAlwaysFails([ActivityTrigger] string key)
    {
        var attempt = attempts.Increment(key);
        throw new InvalidOperationException($"Attempt {attempt} failed on purpose.");
    }
}
