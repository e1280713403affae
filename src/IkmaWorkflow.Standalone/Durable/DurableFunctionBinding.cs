using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>Where one argument of a function call comes from.</summary>
internal enum ArgumentSource
{
    /// <summary>The orchestration context (the <c>[OrchestrationTrigger]</c> parameter).</summary>
    OrchestrationContext,

    /// <summary>The orchestration's or the activity's input, deserialized to the parameter's type.</summary>
    Input,

    /// <summary>A <see cref="CancellationToken"/> of an activity: the host's stopping token.</summary>
    CancellationToken,

    /// <summary>A service from the activity's DI scope.</summary>
    Service,
}

/// <summary>
/// An orchestrator or activity function checked against what the standalone host can run, with where each of its
/// arguments comes from: the signatures of Durable Functions for the isolated worker, less what needs a Functions
/// host (<see cref="FunctionContext"/>, other bindings).
/// </summary>
/// <remarks>
/// <para>Orchestrator: <c>([OrchestrationTrigger] TaskOrchestrationContext context)</c>, optionally with one more
/// parameter that receives the orchestration's input (as Durable Functions binds it); the input is also
/// <c>context.GetInput&lt;T&gt;()</c> of any type. No <see cref="System.Threading.CancellationToken"/>: Durable
/// Functions does not bind one to orchestrators (analyzer DURABLE0007). Activity: <c>([ActivityTrigger] TInput input, ...)</c>, where every other parameter is a
/// <see cref="System.Threading.CancellationToken"/> (the host's stopping token) or a service of the activity's DI
/// scope. Both: static or public instance methods (the instance made with its constructor's services for every
/// call), returning <c>void</c>, <c>T</c>, <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</para>
/// </remarks>
internal sealed class DurableFunctionBinding
{
    private DurableFunctionBinding(FunctionDefinition function, Type inputType, ArgumentSource[] sources, FunctionReturn output)
    {
        Function = function;
        InputType = inputType;
        Sources = sources;
        Return = output;
    }

    /// <summary>The function.</summary>
    public FunctionDefinition Function { get; }

    /// <summary>The function's name, which orchestrators call it by.</summary>
    public string Name => Function.Name;

    /// <summary>The type the input is deserialized to: the input parameter's, or <see cref="object"/> when there is none.</summary>
    public Type InputType { get; }

    /// <summary>Where each argument comes from, in parameter order.</summary>
    public IReadOnlyList<ArgumentSource> Sources { get; }

    /// <summary>How the output is read from the method's return value.</summary>
    public FunctionReturn Return { get; }

    /// <summary>Checks <paramref name="function"/> and binds its parameters.</summary>
    /// <exception cref="FunctionAppConfigurationException">The signature is one the host cannot run; the message names the function and says why.</exception>
    public static DurableFunctionBinding Bind(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckMethod(function);
        return function.Kind switch
        {
            TriggerKind.Orchestration => BindOrchestrator(function),
            TriggerKind.Activity => BindActivity(function),
            _ => throw new ArgumentException($"Function '{function.Name}' is not an orchestrator or activity function.", nameof(function)),
        };
    }

    /// <summary>Checks that every service parameter of an activity can be resolved.</summary>
    /// <exception cref="FunctionAppConfigurationException">A parameter is neither bound nor a registered service.</exception>
    public void CheckServices(IServiceProviderIsService services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var parameters = Function.Method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (Sources[i] == ArgumentSource.Service && !services.IsService(parameters[i].ParameterType))
            {
                throw Problem(Function, $"its parameter '{parameters[i].Name}' is a {Display(parameters[i].ParameterType)}, which is not a registered service; register it, or take it in the constructor of an instance function class.");
            }
        }

        if (!Function.Method.IsStatic)
        {
            // ActivatorUtilities needs one public constructor whose parameters it can supply.
            var type = Function.Method.DeclaringType!;
            if (type.GetConstructors().Length == 0)
            {
                throw Problem(Function, $"it is an instance method, but {Display(type)} has no public constructor to make an instance with.");
            }
        }
    }

    /// <summary>Calls the method on <paramref name="target"/> (null for a static method) and returns its output.</summary>
    public ValueTask<object?> InvokeAsync(object? target, object?[] arguments)
    {
        // Without wrapping, the function's own exception (and its type) reaches the worker, which reports it to
        // the orchestrator in TaskFailedException.FailureDetails as Durable Functions does.
        var returned = Function.Method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        return Return.GetOutputAsync(returned);
    }

    /// <summary>Disposes the instance an instance function ran on, which the DI container does not track.</summary>
    public static async ValueTask DisposeTargetAsync(object? target)
    {
        if (target is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (target is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static void CheckMethod(FunctionDefinition function)
    {
        var method = function.Method;
        var type = method.DeclaringType!;
        if (method.ContainsGenericParameters || type.ContainsGenericParameters)
        {
            throw Problem(function, "it is generic; a function must be a method of a concrete type with concrete parameter types.");
        }

        if (!method.IsStatic && type.IsAbstract)
        {
            throw Problem(function, $"it is an instance method of {Display(type)}, which is abstract; make the method static or the class concrete.");
        }

        if (method.ReturnType == typeof(void) && method.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
        {
            throw Problem(function, "it is async void, so the host cannot know when it ends or whether it failed; return Task or Task<T>.");
        }

        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType.IsByRef)
            {
                throw Problem(function, $"its parameter '{parameter.Name}' is ref, out or in; functions take their arguments by value.");
            }

            if (parameter.ParameterType == typeof(FunctionContext))
            {
                throw Problem(function, $"its parameter '{parameter.Name}' is a FunctionContext, which only the Functions host provides; take an ILogger<T> or other services instead.");
            }
        }
    }

    private static DurableFunctionBinding BindOrchestrator(FunctionDefinition function)
    {
        if (function.Trigger.ParameterType != typeof(TaskOrchestrationContext))
        {
            throw Problem(function, $"its [OrchestrationTrigger] parameter '{function.Trigger.Name}' must be a TaskOrchestrationContext, not a {Display(function.Trigger.ParameterType)}.");
        }

        var parameters = function.Method.GetParameters();
        var sources = new ArgumentSource[parameters.Length];
        Type? inputType = null;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.Position == function.Trigger.Position)
            {
                sources[i] = ArgumentSource.OrchestrationContext;
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                throw Problem(function, $"its parameter '{parameter.Name}' is a CancellationToken, which Durable Functions does not bind to orchestrators (DURABLE0007); an orchestrator waits on durable timers and events instead.");
            }
            else if (inputType is null)
            {
                // As Durable Functions binds it: the first parameter without a binding receives the input.
                inputType = parameter.ParameterType;
                sources[i] = ArgumentSource.Input;
            }
            else
            {
                throw Problem(function, $"its parameter '{parameter.Name}' has nothing to bind to: an orchestrator takes its context and at most one input parameter. Orchestrators must not use services; call activities for that.");
            }
        }

        return new DurableFunctionBinding(function, inputType ?? typeof(object), sources, FunctionReturn.For(function.Method.ReturnType));
    }

    private static DurableFunctionBinding BindActivity(FunctionDefinition function)
    {
        var inputType = function.Trigger.ParameterType;
        if (inputType == typeof(TaskOrchestrationContext) || inputType == typeof(CancellationToken))
        {
            throw Problem(function, $"its [ActivityTrigger] parameter '{function.Trigger.Name}' is a {Display(inputType)}; it must be the type of the activity's input.");
        }

        var parameters = function.Method.GetParameters();
        var sources = new ArgumentSource[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.Position == function.Trigger.Position)
            {
                sources[i] = ArgumentSource.Input;
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                sources[i] = ArgumentSource.CancellationToken;
            }
            else if (parameter.ParameterType == typeof(TaskOrchestrationContext))
            {
                throw Problem(function, $"its parameter '{parameter.Name}' is a TaskOrchestrationContext, which only orchestrators get.");
            }
            else
            {
                sources[i] = ArgumentSource.Service;
            }
        }

        return new DurableFunctionBinding(function, inputType, sources, FunctionReturn.For(function.Method.ReturnType));
    }

    private static FunctionAppConfigurationException Problem(FunctionDefinition function, string why)
    {
        var kind = function.Kind == TriggerKind.Orchestration ? "Orchestrator" : "Activity";
        var method = $"{function.Method.DeclaringType?.FullName}.{function.Method.Name}";
        return FunctionAppConfigurationException.Worded(function.Name, $"{kind} function '{function.Name}' ({method}) cannot run in the standalone host: {why}");
    }

    private static string Display(Type type) => type.FullName ?? type.Name;
}
