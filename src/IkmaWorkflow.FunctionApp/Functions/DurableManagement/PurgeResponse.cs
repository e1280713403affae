namespace IkmaWorkflow.FunctionApp.Functions.DurableManagement;

/// <summary>The answer to a purge.</summary>
/// <param name="InstancesDeleted">How many instances were deleted.</param>
public sealed record PurgeResponse(int InstancesDeleted);
