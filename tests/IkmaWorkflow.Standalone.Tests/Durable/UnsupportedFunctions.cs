using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Standalone.Tests.Durable;

/// <summary>
/// Functions with signatures the standalone host refuses. The class is internal, so the assembly's catalog (built
/// from exported types) never sees them; tests bind them one by one.
/// </summary>
internal static class UnsupportedFunctions
{
#pragma warning disable DURABLE1001, DURABLE0007 // Deliberately what Durable Functions' analyzers forbid: the host must refuse it too.
    [Function("BadContext")]
    public static string BadContext([OrchestrationTrigger] string context) => context;

    [Function("OrchestratorToken")]
    public static string OrchestratorToken([OrchestrationTrigger] TaskOrchestrationContext context, CancellationToken cancellationToken) =>
        context.InstanceId + cancellationToken.CanBeCanceled;
#pragma warning restore DURABLE1001, DURABLE0007

    [Function("TwoInputs")]
    public static string TwoInputs([OrchestrationTrigger] TaskOrchestrationContext context, string first, string second) => first + second + context.InstanceId;

    [Function("NeedsFunctionContext")]
    public static string NeedsFunctionContext([ActivityTrigger] string input, FunctionContext functionContext) => input + functionContext.InvocationId;

    [Function("AsyncVoid")]
    public static async void AsyncVoid([ActivityTrigger] string input) => await Task.Delay(1).ConfigureAwait(false);

    [Function("ByRef")]
    public static void ByRef([ActivityTrigger] string input, ref int count) => count += input.Length;

    [Function("ContextAsInput")]
    public static string ContextAsInput([ActivityTrigger] TaskOrchestrationContext context) => context.InstanceId;

    [Function("UnknownService")]
    public static string UnknownService([ActivityTrigger] string input, IFormatProvider formats) => input.ToString(formats);

    [Function("WithInput")]
    public static Task<int> WithInput([OrchestrationTrigger] TaskOrchestrationContext context, int count) =>
        Task.FromResult(count + context.InstanceId.Length);

    [Function("WithServices")]
    public static ValueTask<string> WithServices([ActivityTrigger] DateOnly day, TimeProvider time, CancellationToken cancellationToken) =>
        ValueTask.FromResult($"{day}{cancellationToken.IsCancellationRequested}{time.GetUtcNow()}");
}
