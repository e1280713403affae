using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone.Tests.TestFunctions;

/// <summary>A queue function on another storage account than the app's.</summary>
internal sealed class OtherConnectionFunction
{
    [Function("OtherAccount")]
    public static void Run([QueueTrigger("incoming", Connection = "PartnerStorage")] string message)
    {
    }
}
