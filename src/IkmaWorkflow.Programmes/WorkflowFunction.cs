namespace IkmaWorkflow.Programmes;

/// <summary>One orchestrator or activity the function app exposes as a function, and the domain class behind it.</summary>
/// <param name="Name">The function's name, which is the name orchestrations call it by.</param>
/// <param name="Input">The input's type (the <c>[ActivityTrigger]</c> parameter, or the orchestration's input).</param>
/// <param name="Output">The output's type.</param>
/// <param name="Implementation">
/// The domain class: for an orchestrator a class with <c>Task&lt;Output&gt; RunAsync(TaskOrchestrationContext, Input)</c>,
/// made with <c>new()</c>; for an activity a class resolved from DI with <c>Task&lt;Output&gt; RunAsync(Input, CancellationToken)</c>.
/// </param>
public sealed record WorkflowFunction(string Name, Type Input, Type Output, Type Implementation);
