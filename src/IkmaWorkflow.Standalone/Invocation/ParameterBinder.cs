namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>Produces one parameter's value for an invocation; chosen once per parameter at start-up.</summary>
internal delegate object? ParameterBinder(in InvocationArguments arguments);
