using IkmaWorkflow.Standalone.Settings;
using Microsoft.Extensions.Hosting;

namespace IkmaWorkflow.Standalone.Invocation;

/// <summary>
/// The token every invocation gets (HTTP ones linked with their request's): it fires
/// <see cref="StandaloneOptions.ShutdownTimeout"/> after shutdown begins, so in-flight work has its grace period and
/// then stops, whichever trigger started it.
/// </summary>
internal sealed class InvocationCancellation : IDisposable
{
    // Real time, whatever the app's clock shows: the grace period is the operator's, not the calendar's.
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _stopping;

    public InvocationCancellation(IHostApplicationLifetime lifetime, StandaloneOptions options)
    {
        _source = new CancellationTokenSource();
        _stopping = lifetime.ApplicationStopping.Register(() => _source.CancelAfter(options.ShutdownTimeout));
    }

    /// <summary>Fires when the shutdown grace period is over.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Dispose();
        _source.Dispose();
    }
}
