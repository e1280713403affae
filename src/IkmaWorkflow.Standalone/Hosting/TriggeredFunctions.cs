using IkmaWorkflow.Standalone.Http;
using IkmaWorkflow.Standalone.Invocation;
using IkmaWorkflow.Standalone.Queues;
using IkmaWorkflow.Standalone.Settings;
using IkmaWorkflow.Standalone.Timers;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Standalone.Hosting;

/// <summary>
/// The HTTP, timer and queue functions of the catalog the standalone host runs, read and bound at start-up; those
/// switched off by <c>AzureWebJobs.&lt;Function&gt;.Disabled</c> are checked but not run.
/// </summary>
internal sealed class TriggeredFunctions
{
    private TriggeredFunctions(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers, IReadOnlyList<QueueFunction> queues, IReadOnlyList<FunctionMethod> all, IReadOnlyList<string> disabled)
    {
        Http = http;
        Timers = timers;
        Queues = queues;
        All = all;
        Disabled = disabled;
    }

    /// <summary>The enabled HTTP functions.</summary>
    public IReadOnlyList<HttpFunction> Http { get; }

    /// <summary>The enabled timer functions.</summary>
    public IReadOnlyList<TimerFunction> Timers { get; }

    /// <summary>The enabled queue functions.</summary>
    public IReadOnlyList<QueueFunction> Queues { get; }

    /// <summary>Every HTTP, timer and queue function, disabled ones included.</summary>
    public IReadOnlyList<FunctionMethod> All { get; }

    /// <summary>The names of the disabled functions.</summary>
    public IReadOnlyList<string> Disabled { get; }

    /// <summary>Reads and binds the HTTP, timer and queue functions of <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The app's functions.</param>
    /// <param name="configuration">The app settings: switches and <c>%Setting%</c> references.</param>
    /// <param name="host">The <c>host.json</c> settings.</param>
    /// <param name="now">The time a timer's default <c>UseMonitor</c> is judged at.</param>
    /// <exception cref="FunctionAppConfigurationException">A function cannot be run as written; the message names it and what to change.</exception>
    public static TriggeredFunctions Create(FunctionCatalog catalog, IConfiguration configuration, HostSettings host, DateTimeOffset now)
    {
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        var queues = new List<QueueFunction>();
        var all = new List<FunctionMethod>();
        var disabled = new List<string>();
        foreach (var definition in catalog.Functions)
        {
            if (definition.Kind is not (TriggerKind.Http or TriggerKind.Timer or TriggerKind.Queue))
            {
                continue;
            }

            // A disabled function's code is still checked, but its settings are not needed: switching a function off
            // is the way to start without them.
            var enabled = !DisabledFunctions.IsDisabled(configuration, definition.Name);
            if (!enabled)
            {
                disabled.Add(definition.Name);
            }

            switch (definition.Kind)
            {
                case TriggerKind.Http:
                    var function = HttpFunction.Create(definition, host.HttpRoutePrefix);
                    all.Add(function.Method);
                    if (enabled)
                    {
                        http.Add(function);
                    }

                    break;
                case TriggerKind.Timer when enabled:
                    var timer = TimerFunction.Create(definition, configuration, now);
                    all.Add(timer.Method);
                    timers.Add(timer);
                    break;
                case TriggerKind.Timer:
                    all.Add(TimerFunction.BindMethod(definition));
                    break;
                case TriggerKind.Queue when enabled:
                    var queue = QueueFunction.Create(definition, configuration);
                    all.Add(queue.Method);
                    queues.Add(queue);
                    break;
                default:
                    all.Add(QueueFunction.BindMethod(definition));
                    break;
            }
        }

        return new TriggeredFunctions(http, timers, queues, all, disabled);
    }
}
