using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Standalone.Durable;

/// <summary>An activity function as the worker runs it: one instance per call.</summary>
/// <remarks>
/// Every call gets its own DI scope: service parameters and the instance of an instance method (made by
/// <see cref="ActivatorUtilities"/>) come from it, and it is disposed when the call ends, with the instance. A
/// <see cref="CancellationToken"/> parameter is the host's stopping token. An exception fails the call: the
/// orchestrator sees a <see cref="TaskFailedException"/> whose <c>FailureDetails</c> name the exception's type and
/// message, or, with a retry policy, the call runs again.
/// </remarks>
internal sealed class FunctionActivity : ITaskActivity
{
    private readonly DurableFunctionBinding _binding;
    private readonly IServiceProvider _services;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public FunctionActivity(DurableFunctionBinding binding, IServiceProvider services)
    {
        _binding = binding;
        _services = services;
        _stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _logger = services.GetRequiredService<ILogger<FunctionActivity>>();
    }

    /// <inheritdoc/>
    public Type InputType => _binding.InputType;

    /// <inheritdoc/>
    public Type OutputType => _binding.Return.OutputType;

    /// <inheritdoc/>
    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = _services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var parameters = _binding.Function.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _binding.Sources[i] switch
            {
                ArgumentSource.Input => input,
                ArgumentSource.CancellationToken => _stopping,
                _ => services.GetRequiredService(parameters[i].ParameterType),
            };
        }

        var target = _binding.Function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, _binding.Function.Method.DeclaringType!);
        try
        {
            return await _binding.InvokeAsync(target, arguments);
        }
        catch (Exception exception)
        {
            DurableLog.ActivityFailed(_logger, exception, _binding.Name, context.InstanceId);
            throw;
        }
        finally
        {
            await DurableFunctionBinding.DisposeTargetAsync(target);
        }
    }
}
