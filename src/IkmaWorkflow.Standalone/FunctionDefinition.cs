using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace IkmaWorkflow.Standalone;

/// <summary>One function of the app: its name, its method and its trigger attribute.</summary>
/// <param name="Name">The name given by <see cref="FunctionAttribute"/>.</param>
/// <param name="Method">The method; static, or an instance method of a class the host creates per invocation.</param>
/// <param name="Kind">The trigger.</param>
/// <param name="Trigger">The trigger parameter.</param>
/// <param name="TriggerAttribute">The trigger's attribute, such as <see cref="HttpTriggerAttribute"/>.</param>
public sealed record FunctionDefinition(string Name, MethodInfo Method, TriggerKind Kind, ParameterInfo Trigger, Attribute TriggerAttribute);
