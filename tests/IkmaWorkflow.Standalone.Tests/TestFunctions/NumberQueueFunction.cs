using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue trigger bound as a type the standalone host does not bind it as.</summary>
internal sealed class NumberQueueFunction
{
    [Function("NumberQueue")]
    public static void Run([QueueTrigger("numbers")] int message)
    {
    }
}
