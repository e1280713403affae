using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>An orchestrator function as the worker runs it: one instance per episode.</summary>
/// <remarks>
/// The method is called with a <see cref="FunctionOrchestrationContext"/> on every replay. An instance method gets a
/// new object made by <see cref="ActivatorUtilities"/> each episode, so nothing survives between replays in it;
/// orchestrators of the app should be static.
/// </remarks>
internal sealed class FunctionOrchestrator : ITaskOrchestrator
{
    private readonly DurableFunctionBinding _binding;
    private readonly IServiceProvider _services;
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;

    public FunctionOrchestrator(DurableFunctionBinding binding, IServiceProvider services)
    {
        _binding = binding;
        _services = services;
        _converter = services.GetRequiredService<DataConverter>();
        _loggerFactory = services.GetRequiredService<ILoggerFactory>();
    }

    /// <inheritdoc/>
    public Type InputType => _binding.InputType;

    /// <inheritdoc/>
    public Type OutputType => _binding.Return.OutputType;

    /// <inheritdoc/>
    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var functionContext = new FunctionOrchestrationContext(context, input, _converter, _loggerFactory);
        var arguments = new object?[_binding.Sources.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _binding.Sources[i] == ArgumentSource.OrchestrationContext ? functionContext : input;
        }

        var target = _binding.Function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(_services, _binding.Function.Method.DeclaringType!);
        try
        {
            return await _binding.InvokeAsync(target, arguments);
        }
        catch (Exception exception)
        {
            // Replay-safe: an orchestrator fails in one episode, which is logged once.
            DurableLog.OrchestratorFailed(context.CreateReplaySafeLogger<FunctionOrchestrator>(), exception, _binding.Name, context.InstanceId);
            throw;
        }
        finally
        {
            await DurableFunctionBinding.DisposeTargetAsync(target);
        }
    }
}
