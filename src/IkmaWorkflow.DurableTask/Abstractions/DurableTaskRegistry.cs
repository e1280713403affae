using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.DurableTask;

/// <summary>
/// The orchestrators and activities a worker can run. Several versions of one orchestrator may be registered side
/// by side: an instance keeps the version it started with, and a new instance gets the newest.
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, SortedList<string, Func<IServiceProvider, ITaskOrchestrator>>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers orchestrator class <typeparamref name="TOrchestrator"/> under its class name or <paramref name="name"/>.</summary>
    /// <param name="name">The orchestrator name; default the class name.</param>
    /// <param name="version">The version this class implements; default empty.</param>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(string? name = null, string version = "")
        where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(new TaskName(name ?? typeof(TOrchestrator).Name, version), sp => ActivatorUtilities.CreateInstance<TOrchestrator>(sp));

    /// <summary>Registers an orchestrator written as a function.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(TaskName name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator) =>
        AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(orchestrator));

    /// <summary>Registers activity class <typeparamref name="TActivity"/>, made with its dependencies for every call.</summary>
    /// <param name="name">The activity name; default the class name.</param>
    public DurableTaskRegistry AddActivity<TActivity>(string? name = null)
        where TActivity : class, ITaskActivity =>
        AddActivity(name ?? typeof(TActivity).Name, sp => ActivatorUtilities.CreateInstance<TActivity>(sp));

    /// <summary>Registers an activity written as a function.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, Task<TOutput>> activity) =>
        AddActivity(name.Name, _ => new FuncActivity<TInput, TOutput>(activity));

    /// <summary>The newest registered version of orchestrator <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No orchestrator of that name is registered.</exception>
    public string NewestVersion(string name) =>
        _orchestrators.TryGetValue(name, out var versions)
            ? versions.Keys[^1]
            : throw new ArgumentException($"No orchestrator named '{name}' is registered. Registered: {string.Join(", ", _orchestrators.Keys)}.", nameof(name));

    /// <summary>The newest registered version of orchestrator <paramref name="name"/>, or empty when it is not registered here.</summary>
    internal string NewestVersionOrEmpty(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions.Keys[^1] : string.Empty;

    /// <summary>Makes orchestrator <paramref name="name"/> at <paramref name="version"/>, or returns false when it is not registered.</summary>
    internal bool TryCreateOrchestrator(IServiceProvider services, string name, string version, out ITaskOrchestrator orchestrator)
    {
        if (_orchestrators.TryGetValue(name, out var versions) && versions.TryGetValue(version, out var factory))
        {
            orchestrator = factory(services);
            return true;
        }

        orchestrator = null!;
        return false;
    }

    /// <summary>Makes activity <paramref name="name"/>, or returns false when it is not registered.</summary>
    internal bool TryCreateActivity(IServiceProvider services, string name, out ITaskActivity activity)
    {
        if (_activities.TryGetValue(name, out var factory))
        {
            activity = factory(services);
            return true;
        }

        activity = null!;
        return false;
    }

    private DurableTaskRegistry AddOrchestrator(TaskName name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        if (!_orchestrators.TryGetValue(name.Name, out var versions))
        {
            versions = new SortedList<string, Func<IServiceProvider, ITaskOrchestrator>>(VersionComparer.Instance);
            _orchestrators[name.Name] = versions;
        }

        if (!versions.TryAdd(name.Version, factory))
        {
            throw new ArgumentException($"Orchestrator {name} is registered twice.", nameof(name));
        }

        return this;
    }

    private DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"Activity '{name}' is registered twice.", nameof(name));
        }

        return this;
    }

    // "2" < "10": versions that are numbers compare as numbers, others ordinally; "" is the oldest.
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (System.Version.TryParse(Normalize(x), out var a) && System.Version.TryParse(Normalize(y), out var b))
            {
                return a.CompareTo(b);
            }

            return string.CompareOrdinal(x, y);
        }

        private static string? Normalize(string? version) =>
            version is { Length: > 0 } && !version.Contains('.', StringComparison.Ordinal) && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? version + ".0"
                : version;
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}
