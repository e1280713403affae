using Microsoft.AspNetCore.Http;

namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>What one invocation binds its parameters from.</summary>
/// <param name="Services">The invocation's DI scope: the function class is created from it.</param>
/// <param name="TriggerValue">The trigger's value, already of a type the trigger binds (a <see cref="Microsoft.Azure.Functions.Worker.TimerInfo"/>, a queue message); null for HTTP.</param>
/// <param name="HttpContext">The request of an HTTP function; null otherwise.</param>
/// <param name="CancellationToken">Fires when the request is aborted or the shutdown grace period is over.</param>
internal readonly record struct InvocationArguments(IServiceProvider Services, object? TriggerValue, HttpContext? HttpContext, CancellationToken CancellationToken);
