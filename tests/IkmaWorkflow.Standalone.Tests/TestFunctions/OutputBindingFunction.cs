using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function with an output binding, which the standalone host does not support.</summary>
internal sealed class OutputBindingFunction
{
    [Function("Forward")]
    [QueueOutput("forwarded")]
    public static string Run([QueueTrigger("incoming")] string message) => message;
}
