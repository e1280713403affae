using IkmaWorkflow.Standalone.Durable;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>Reading a function's output from what its method returned.</summary>
public sealed class FunctionReturnTests
{
    [Fact]
    public async Task GetOutputAsync_AsyncTaskOfT_ReturnsTheAwaitedResult()
    {
        var output = FunctionReturn.For(typeof(Task<int>));

        Assert.Equal(typeof(int), output.OutputType);
        Assert.Equal(42, await output.GetOutputAsync(AnswerAsync()));
    }

    [Fact]
    public async Task GetOutputAsync_ValueTaskOfT_ReturnsTheAwaitedResult()
    {
        var output = FunctionReturn.For(typeof(ValueTask<string>));

        Assert.Equal(typeof(string), output.OutputType);
#pragma warning disable CA2012 // Handed over boxed and consumed once, as MethodInfo.Invoke hands it over.
        Assert.Equal("done", await output.GetOutputAsync(DoneAsync()));
#pragma warning restore CA2012
    }

    [Fact]
    public async Task GetOutputAsync_AsyncTask_ReturnsNullAfterTheTaskEnds()
    {
        var output = FunctionReturn.For(typeof(Task));
        var gate = new TaskCompletionSource();

        var pending = Task.Run(() => output.GetOutputAsync(WaitAsync(gate.Task)).AsTask());
        Assert.False(pending.IsCompleted);
        gate.SetResult();

        Assert.Null(await pending);
        Assert.Equal(typeof(object), output.OutputType);
    }

    [Fact]
    public async Task GetOutputAsync_FaultedTask_ThrowsTheFunctionsException()
    {
        var output = FunctionReturn.For(typeof(Task<int>));

        await Assert.ThrowsAsync<TimeoutException>(() => output.GetOutputAsync(FailAsync()).AsTask());
    }

    [Fact]
    public async Task GetOutputAsync_PlainValue_ReturnsIt()
    {
        var output = FunctionReturn.For(typeof(DateOnly));

        Assert.Equal(typeof(DateOnly), output.OutputType);
        Assert.Equal(new DateOnly(2031, 3, 1), await output.GetOutputAsync(new DateOnly(2031, 3, 1)));
    }

    [Fact]
    public async Task GetOutputAsync_NullTask_ThrowsInvalidOperation()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionReturn.For(typeof(Task)).GetOutputAsync(null).AsTask());
    }

    private static async Task<int> AnswerAsync()
    {
        await Task.Yield();
        return 42;
    }

    private static async ValueTask<string> DoneAsync()
    {
        await Task.Yield();
        return "done";
    }

    private static async Task WaitAsync(Task gate) => await gate;

    private static async Task<int> FailAsync()
    {
        await Task.Yield();
        throw new TimeoutException("late");
    }
}
