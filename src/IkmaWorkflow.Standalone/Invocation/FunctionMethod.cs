using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>
/// A function's method with a binder chosen for every parameter at start-up, so a parameter the standalone host cannot
/// bind stops the app naming the function and the parameter instead of failing each invocation.
/// </summary>
/// <remarks>
/// As the isolated worker does, an instance method's class is created per invocation with
/// <see cref="ActivatorUtilities"/> from the invocation's DI scope (and disposed after it); a static method is called
/// directly. Every trigger binds <see cref="CancellationToken"/> and <c>[DurableClient] DurableTaskClient</c>; the
/// trigger and anything else (route values) are the caller's.
/// </remarks>
internal sealed class FunctionMethod
{
    private readonly ParameterBinder[] _binders;
    private readonly Func<object?, ValueTask<object?>> _unwrap;

    private FunctionMethod(FunctionDefinition definition, ParameterBinder[] binders, Type resultType, Func<object?, ValueTask<object?>> unwrap, bool usesDurableClient)
    {
        Definition = definition;
        _binders = binders;
        ResultType = resultType;
        _unwrap = unwrap;
        UsesDurableClient = usesDurableClient;
    }

    /// <summary>The function.</summary>
    public FunctionDefinition Definition { get; }

    /// <summary>The function's name.</summary>
    public string Name => Definition.Name;

    /// <summary>What the method gives once awaited: <see cref="void"/> for none, <c>T</c> for <c>Task&lt;T&gt;</c>.</summary>
    public Type ResultType { get; }

    /// <summary>Whether a parameter takes the <c>DurableTaskClient</c>, which must then be registered.</summary>
    public bool UsesDurableClient { get; }

    /// <summary>Chooses the binders of <paramref name="definition"/>'s parameters.</summary>
    /// <param name="definition">The function.</param>
    /// <param name="bindTrigger">The trigger parameter's binder, or null when its type is not one the trigger binds.</param>
    /// <param name="bindOther">A binder for another parameter (a route value), or null when it is not one.</param>
    /// <param name="supported">What the trigger binds, for the error message, such as "TimerInfo".</param>
    /// <exception cref="FunctionAppConfigurationException">A parameter cannot be bound, or the function has an output binding.</exception>
    public static FunctionMethod Create(
        FunctionDefinition definition,
        Func<ParameterInfo, ParameterBinder?> bindTrigger,
        Func<ParameterInfo, ParameterBinder?>? bindOther,
        string supported)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var method = definition.Method;
        if (method.GetCustomAttributes<OutputBindingAttribute>().Concat(method.ReturnParameter.GetCustomAttributes<OutputBindingAttribute>()).FirstOrDefault() is { } output)
        {
            throw new FunctionAppConfigurationException(definition.Name, $"its output binding [{AttributeName(output)}] is not supported by the standalone host; write with a client from DI instead.");
        }

        var parameters = method.GetParameters();
        var binders = new ParameterBinder[parameters.Length];
        var usesDurableClient = false;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.GetCustomAttributes<OutputBindingAttribute>().FirstOrDefault() is { } parameterOutput)
            {
                throw new FunctionAppConfigurationException(definition.Name, $"parameter '{parameter.Name}' has the output binding [{AttributeName(parameterOutput)}], which the standalone host does not support.");
            }

            if (parameter.Position == definition.Trigger.Position)
            {
                binders[i] = bindTrigger(parameter)
                    ?? throw new FunctionAppConfigurationException(definition.Name, $"its [{AttributeName(definition.TriggerAttribute)}] parameter '{parameter.Name}' has type {TypeName(parameter.ParameterType)}; the standalone host binds it as {supported}.");
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                binders[i] = static (in InvocationArguments a) => a.CancellationToken;
            }
            else if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
            {
                binders[i] = parameter.ParameterType.IsAssignableFrom(typeof(DurableTaskClient)) && parameter.ParameterType != typeof(object)
                    ? static (in InvocationArguments a) => a.Services.GetRequiredService<DurableTaskClient>()
                    : throw new FunctionAppConfigurationException(definition.Name, $"its [DurableClient] parameter '{parameter.Name}' has type {TypeName(parameter.ParameterType)}; the standalone host binds it as {nameof(DurableTaskClient)}.");
                usesDurableClient = true;
            }
            else
            {
                binders[i] = bindOther?.Invoke(parameter)
                    ?? throw new FunctionAppConfigurationException(definition.Name, $"parameter '{parameter.Name}' ({TypeName(parameter.ParameterType)}) cannot be bound by the standalone host. It binds the trigger (as {supported}), {(bindOther is null ? "" : "route values by name, ")}CancellationToken and [DurableClient] DurableTaskClient.");
            }
        }

        var (resultType, unwrap) = Unwrapper(method.ReturnType);
        return new FunctionMethod(definition, binders, resultType, unwrap, usesDurableClient);
    }

    /// <summary>Creates the function class (unless static), binds the parameters, calls the method and awaits its result.</summary>
    /// <returns>The result: the awaited value of a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, the value returned, or null.</returns>
    public async ValueTask<object?> InvokeAsync(InvocationArguments arguments)
    {
        var method = Definition.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(arguments.Services, method.DeclaringType!);
        try
        {
            var values = new object?[_binders.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _binders[i](arguments);
            }

            var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, values, CultureInfo.InvariantCulture);
            return await _unwrap(returned);
        }
        finally
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>The name of a type as C# writes it, for messages: <c>Task&lt;String&gt;</c>.</summary>
    public static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;

    private static string AttributeName(Attribute attribute)
    {
        var name = attribute.GetType().Name;
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
    }

    // Chosen once from the declared return type, so an invocation awaits without reflection over the result.
    private static (Type ResultType, Func<object?, ValueTask<object?>> Unwrap) Unwrapper(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return (typeof(void), static _ => ValueTask.FromResult<object?>(null));
        }

        if (returnType == typeof(Task))
        {
            return (typeof(void), static async returned =>
            {
                await ((Task)returned!);
                return null;
            });
        }

        if (returnType == typeof(ValueTask))
        {
            return (typeof(void), static async returned =>
            {
                await ((ValueTask)returned!);
                return null;
            });
        }

        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            var resultType = returnType.GetGenericArguments()[0];
            var helper = returnType.GetGenericTypeDefinition() == typeof(Task<>) ? nameof(AwaitTask) : nameof(AwaitValueTask);
            var unwrap = typeof(FunctionMethod).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType);
            return (resultType, unwrap.CreateDelegate<Func<object?, ValueTask<object?>>>());
        }

        return (returnType, static returned => ValueTask.FromResult(returned));
    }

    private static async ValueTask<object?> AwaitTask<T>(object? returned) => await ((Task<T>)returned!);

    private static async ValueTask<object?> AwaitValueTask<T>(object? returned) => await ((ValueTask<T>)returned!);
}
