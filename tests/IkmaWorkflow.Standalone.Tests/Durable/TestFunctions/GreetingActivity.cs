using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.Durable.TestFunctions;

/// <summary>An activity class made per call with its constructor's service; the method takes more services and a token.</summary>
/// <param name="greeter">A DI singleton of the test host.</param>
public sealed class GreetingActivity(Greeter greeter)
{
    /// <summary>Greets <paramref name="name"/> with the host's greeter and counts the call.</summary>
    [Function(nameof(DurableGreet))]
    public async Task<string> DurableGreet([ActivityTrigger] string name, AttemptCounter calls, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        calls.Increment(name);
        return greeter.Greet(name);
    }
}
