using System.Reflection;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>
/// How to get a function's output from what its method returned: the value itself, nothing (<c>void</c>,
/// <see cref="Task"/>, <see cref="ValueTask"/>) or the awaited result (<see cref="Task{TResult}"/>,
/// <see cref="ValueTask{TResult}"/>).
/// </summary>
internal sealed class FunctionReturn
{
    private readonly Shape _shape;
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _valueTaskAsTask;

    private FunctionReturn(Shape shape, Type outputType, PropertyInfo? taskResult = null, MethodInfo? valueTaskAsTask = null)
    {
        _shape = shape;
        OutputType = outputType;
        _taskResult = taskResult;
        _valueTaskAsTask = valueTaskAsTask;
    }

    private enum Shape
    {
        Value,
        Nothing,
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    /// <summary>The type of the output: <c>T</c> of <c>Task&lt;T&gt;</c>, the return type, or <see cref="object"/> when there is none.</summary>
    public Type OutputType { get; }

    /// <summary>The shape of <paramref name="returnType"/>.</summary>
    public static FunctionReturn For(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return new FunctionReturn(Shape.Nothing, typeof(object));
        }

        if (returnType == typeof(Task))
        {
            return new FunctionReturn(Shape.Task, typeof(object));
        }

        if (returnType == typeof(ValueTask))
        {
            return new FunctionReturn(Shape.ValueTask, typeof(object));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return new FunctionReturn(Shape.TaskOfT, returnType.GetGenericArguments()[0], ResultOf(returnType));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var output = returnType.GetGenericArguments()[0];
            var asTask = returnType.GetMethod(nameof(ValueTask<int>.AsTask), Type.EmptyTypes)!;
            return new FunctionReturn(Shape.ValueTaskOfT, output, ResultOf(asTask.ReturnType), asTask);
        }

        return new FunctionReturn(Shape.Value, returnType);
    }

    /// <summary>The output of a call that returned <paramref name="returned"/>, awaited when it is a task.</summary>
    /// <exception cref="InvalidOperationException">The method returned a null task.</exception>
    public async ValueTask<object?> GetOutputAsync(object? returned)
    {
        switch (_shape)
        {
            case Shape.Value:
                return returned;
            case Shape.Nothing:
                return null;
            case Shape.Task:
                await NotNull<Task>(returned);
                return null;
            case Shape.ValueTask:
                await (ValueTask)NotNull<object>(returned);
                return null;
            case Shape.TaskOfT:
                {
                    var task = NotNull<Task>(returned);
                    await task;
                    return _taskResult!.GetValue(task);
                }

            default:
                {
                    var task = (Task)_valueTaskAsTask!.Invoke(NotNull<object>(returned), null)!;
                    await task;
                    return _taskResult!.GetValue(task);
                }
        }
    }

    // Read through the declared Task<T>: an async method's task is a subclass whose own Result property is the same.
    private static PropertyInfo ResultOf(Type taskType) => taskType.GetProperty(nameof(Task<int>.Result))!;

    private static T NotNull<T>(object? returned)
        where T : class =>
        returned as T ?? throw new InvalidOperationException("The function returned a null task instead of a task to await.");
}
