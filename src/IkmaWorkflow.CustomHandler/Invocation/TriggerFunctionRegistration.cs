namespace IkmaWorkflow.CustomHandler.Invocation;

/// <summary>A queue- or timer-triggered function's handler, registered under the function's folder name.</summary>
/// <param name="Name">The function name: the folder that holds its <c>function.json</c>.</param>
/// <param name="Handler">Runs the invocation with services from a scope made for it. Throwing fails the invocation.</param>
public sealed record TriggerFunctionRegistration(string Name, Func<IServiceProvider, TriggerInvocation, CancellationToken, Task> Handler);
